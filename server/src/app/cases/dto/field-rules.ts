import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isIsoDate } from '@portal/calendar';
import { detectPii } from '@portal/reporting-standard';

/**
 * Field checks for request bodies, each with one precise Chinese + English message (never echoing a value
 * that may be personal). A check that does not apply to a value's type leaves it to the field's other rule.
 */
function rule(name: string, check: (v: unknown) => boolean, message: string, options?: ValidationOptions) {
  return ValidateBy(
    { name, validator: { validate: (v) => check(v), defaultMessage: () => message } },
    options,
  );
}

export const IsoDateField = (field: string) =>
  rule(
    'isoDateField',
    (v) => typeof v === 'string' && isIsoDate(v),
    `${field} 须为有效日期 YYYY-MM-DD / ${field} must be a valid YYYY-MM-DD date`,
  );

export const TextField = (field: string, max: number) =>
  rule(
    'textField',
    (v) => typeof v === 'string' && v.trim().length > 0 && [...v].length <= max,
    `${field} 须为 1–${max} 个字符的文本 / ${field} must be text of 1 to ${max} characters`,
  );

export const OneOfField = (field: string, codes: readonly string[]) =>
  rule(
    'oneOfField',
    (v) => typeof v === 'string' && codes.includes(v),
    `${field} 须为以下之一：${codes.join(', ')} / ${field} must be one of: ${codes.join(', ')}`,
  );

export const OrgCodeField = (field = 'orgCode') =>
  rule(
    'orgCodeField',
    (v) => typeof v === 'string' && /^[0-9A-Z]{18}$/.test(v),
    `${field} 须为18位统一社会信用代码 / ${field} must be an 18-character unified social credit code`,
  );

export const IntegerField = (field: string, min: number, max: number) =>
  rule(
    'integerField',
    (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
    `${field} 须为 ${min}–${max} 的整数 / ${field} must be an integer from ${min} to ${max}`,
  );

export const ShareField = (field: string) =>
  rule(
    'shareField',
    (v) => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1,
    `${field} 须为大于0且不超过1的比例 / ${field} must be a share greater than 0 and at most 1`,
  );

/** Free text must not carry a resident ID number or a mobile number (the value is never echoed). */
export const NoPiiField = (field: string) =>
  rule(
    'noPiiField',
    (v) => typeof v !== 'string' || detectPii(v) === null,
    `${field} 含有身份证号码或手机号码，请删除个人信息后重新提交 / ${field} contains a resident ID number or a mobile number: remove the personal data and resubmit`,
  );
