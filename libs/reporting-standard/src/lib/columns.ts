/**
 * Column definitions of reporting standard v1, per kind, in the order of REPORTING-STANDARD.md.
 * This is data: the validator, the header resolver, the messages and the API all read it from here.
 */
import {
  CALLBACK_METHOD,
  CALLBACK_STATUS,
  CALLBACK_TYPE,
  CHANNEL,
  COMPLAINT_CATEGORY,
  COMPLAINT_SOURCE,
  CONFIRMED_ITEM,
  EXTENSION,
  IDENTITY_CHECK,
  OUTCOME,
  PAYMENT_MODE,
  PROBLEM,
  PROBLEM_RESOLUTION,
  PRODUCT_TYPE,
  SATISFACTION,
  type EnumDef,
} from './enums';
import type { Bilingual, Kind, Lang } from './types';

export type ColumnType =
  | 'text'
  | 'enum'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'boolean'
  | 'list'
  | 'enumList'
  | 'uscc';

/** `always`: the column must be in the header and every row needs a value; `conditional`: see `requiredWhen`. */
export type Requirement = 'always' | 'conditional' | 'optional';

/**
 * When a conditional column needs a value: another column of the same row has (`in`) or has not (`notIn`)
 * one of these codes, or has a value at all (`present`). Checked only when that other column is valid.
 */
export interface RequiredCondition {
  readonly column: string;
  readonly in?: readonly string[];
  readonly notIn?: readonly string[];
  readonly present?: true;
  /** The condition in words, for messages and documentation. */
  readonly text: Bilingual;
}

export interface ColumnDef {
  readonly key: string;
  /** 中文列名 */
  readonly header: string;
  readonly type: ColumnType;
  /** For `enum` and `enumList`. */
  readonly enumDef?: EnumDef;
  readonly required: Requirement;
  readonly requiredWhen?: RequiredCondition;
  /** Text length limit, in characters (code points). */
  readonly maxLength?: number;
  /** Regular expression source the whole text value must match. */
  readonly pattern?: string;
  readonly patternText?: Bilingual;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
  /** Decimal places of a `decimal` column (exactly this many in the typed record). */
  readonly decimals?: number;
  /** Scanned for PII-001 (every column that carries free or coded text). */
  readonly piiScan: boolean;
  readonly description: Bilingual;
}

export interface KindDef {
  readonly kind: Kind;
  readonly title: Bilingual;
  readonly columns: readonly ColumnDef[];
}

// ---- helpers to keep the tables below readable ------------------------------------------------------

type Extra = Partial<Omit<ColumnDef, 'key' | 'header' | 'type' | 'description' | 'piiScan'>>;

function col(
  key: string,
  header: string,
  type: ColumnType,
  required: Requirement,
  description: Bilingual,
  extra: Extra = {},
): ColumnDef {
  const piiScan = type === 'text' || type === 'enum' || type === 'list' || type === 'enumList';
  return Object.freeze({ key, header, type, required, description, piiScan, ...extra });
}

const NOT_STARTED = ['not_attempted', 'cancelled_before'] as const;

const WHEN_CLAIM_OR_SERVICE: RequiredCondition = {
  column: 'callback_type',
  in: ['claim', 'policy_service'],
  text: {
    zh: '回访类型为理赔回访或保全回访时必填',
    en: 'required when callback_type is claim or policy_service',
  },
};
const WHEN_NEW_BUSINESS: RequiredCondition = {
  column: 'callback_type',
  in: ['new_business'],
  text: { zh: '回访类型为新单回访时必填', en: 'required when callback_type is new_business' },
};
const WHEN_ATTEMPTED: RequiredCondition = {
  column: 'status',
  notIn: NOT_STARTED,
  text: {
    zh: '回访结果不是“未回访”或“回访前撤单/退保”时必填',
    en: 'required unless status is not_attempted or cancelled_before',
  },
};
const WHEN_FORWARDED: RequiredCondition = {
  column: 'source',
  in: ['regulator_forwarded'],
  text: { zh: '投诉来源为监管转办时必填', en: 'required when source is regulator_forwarded' },
};
const WHEN_CALLED_BACK: RequiredCondition = {
  column: 'callback_on',
  present: true,
  text: { zh: '填写了回访日期时必填', en: 'required when callback_on is set' },
};

// ---- callbacks --------------------------------------------------------------------------------------

export const CALLBACK_COLUMNS: readonly ColumnDef[] = Object.freeze([
  col(
    'callback_type',
    '回访类型',
    'enum',
    'always',
    { zh: '回访类型', en: 'Kind of callback' },
    { enumDef: CALLBACK_TYPE },
  ),
  col(
    'policy_no',
    '保单号',
    'text',
    'always',
    {
      zh: '保单号；(回访类型, 保单号, 案件号) 在文件内唯一',
      en: 'Policy number; (callback_type, policy_no, case_no) is unique within a file',
    },
    {
      maxLength: 64,
      pattern: '^[A-Za-z0-9-]+$',
      patternText: { zh: '仅限字母、数字和连字符', en: 'letters, digits and hyphens only' },
    },
  ),
  col(
    'case_no',
    '案件号',
    'text',
    'conditional',
    { zh: '理赔或保全案件号', en: 'Claim or service case number' },
    {
      maxLength: 64,
      requiredWhen: WHEN_CLAIM_OR_SERVICE,
    },
  ),
  col(
    'product_type',
    '产品类型',
    'enum',
    'always',
    { zh: '产品类型', en: 'Product type' },
    { enumDef: PRODUCT_TYPE },
  ),
  col('channel', '销售渠道', 'enum', 'always', { zh: '销售渠道', en: 'Sales channel' }, { enumDef: CHANNEL }),
  col(
    'term_months',
    '保险期间(月)',
    'integer',
    'always',
    { zh: '保险期间（月），终身为1200', en: 'Policy term in months; whole life = 1200' },
    {
      min: 1,
      max: 1200,
    },
  ),
  col(
    'payment_mode',
    '缴费方式',
    'enum',
    'always',
    { zh: '缴费方式', en: 'Payment mode' },
    { enumDef: PAYMENT_MODE },
  ),
  col(
    'policyholder_age',
    '投保人年龄',
    'integer',
    'always',
    { zh: '投保时投保人年龄', en: 'Policyholder age at application' },
    {
      min: 0,
      max: 120,
    },
  ),
  col('underwritten_on', '承保日期', 'date', 'always', {
    zh: '承保日期',
    en: 'Date the policy was underwritten',
  }),
  col(
    'receipt_signed_on',
    '回执签收日期',
    'date',
    'conditional',
    {
      zh: '回执签收日期；犹豫期自次日起算',
      en: 'Date the policy receipt was signed; the cooling-off period starts the next day',
    },
    { requiredWhen: WHEN_NEW_BUSINESS },
  ),
  col(
    'cooling_off_days',
    '犹豫期天数',
    'integer',
    'conditional',
    { zh: '合同约定的犹豫期天数', en: 'Cooling-off days as stated in the contract' },
    { min: 0, max: 60, requiredWhen: WHEN_NEW_BUSINESS },
  ),
  col(
    'sales_recorded',
    '销售过程双录',
    'boolean',
    'conditional',
    { zh: '销售过程是否有录音录像', en: 'An audio+video recording of the sale exists' },
    { requiredWhen: WHEN_NEW_BUSINESS },
  ),
  col(
    'case_closed_on',
    '结案日期',
    'date',
    'conditional',
    { zh: '理赔或保全结案日期', en: 'Date the claim or service case was closed' },
    {
      requiredWhen: WHEN_CLAIM_OR_SERVICE,
    },
  ),
  col(
    'status',
    '回访结果',
    'enum',
    'always',
    { zh: '回访结果', en: 'Callback status' },
    { enumDef: CALLBACK_STATUS },
  ),
  col(
    'method',
    '回访方式',
    'enum',
    'conditional',
    { zh: '最终回访方式', en: 'Final callback method' },
    {
      enumDef: CALLBACK_METHOD,
      requiredWhen: WHEN_ATTEMPTED,
    },
  ),
  col(
    'methods_tried',
    '已尝试方式',
    'enumList',
    'optional',
    {
      zh: '按尝试顺序列出的回访方式，以最终回访方式结尾；为空表示只用了最终方式',
      en: 'Methods in the order tried, ending with method; empty means only method',
    },
    { enumDef: CALLBACK_METHOD },
  ),
  col(
    'first_attempt_on',
    '首次回访日期',
    'date',
    'conditional',
    { zh: '首次回访日期', en: 'Date of the first callback attempt' },
    {
      requiredWhen: WHEN_ATTEMPTED,
    },
  ),
  col(
    'completed_on',
    '回访完成日期',
    'date',
    'conditional',
    { zh: '回访完成日期', en: 'Date the callback was completed' },
    {
      requiredWhen: {
        column: 'status',
        in: ['success'],
        text: { zh: '回访结果为成功时必填', en: 'required when status is success' },
      },
    },
  ),
  col(
    'recording_ref',
    '录音编号',
    'text',
    'optional',
    { zh: '电话回访录音编号', en: 'Reference of the phone callback recording' },
    {
      maxLength: 128,
    },
  ),
  col(
    'receipt_ref',
    '签名回执编号',
    'text',
    'optional',
    {
      zh: '上门或信函回访的签名回执编号',
      en: 'Reference of the signed receipt of a visit or letter callback',
    },
    {
      maxLength: 128,
    },
  ),
  col(
    'identity_check',
    '身份验证方式',
    'enumList',
    'optional',
    { zh: '电子化回访的身份验证方式', en: 'Identity checks of an electronic callback' },
    {
      enumDef: IDENTITY_CHECK,
    },
  ),
  col(
    'confirmed_items',
    '已确认事项',
    'enumList',
    'optional',
    { zh: '回访中已确认的事项（Q1–Q9）', en: 'Content items confirmed in the callback (Q1–Q9)' },
    {
      enumDef: CONFIRMED_ITEM,
    },
  ),
  col('caller_is_sales', '回访人为销售人员', 'boolean', 'always', {
    zh: '回访人是否为销售人员',
    en: 'The caller is the seller',
  }),
  col(
    'problems',
    '发现问题',
    'enumList',
    'optional',
    { zh: '回访中发现的问题', en: 'Problems found in the callback' },
    { enumDef: PROBLEM },
  ),
  col('problem_resolved_on', '问题处理完成日期', 'date', 'optional', {
    zh: '问题处理完成日期',
    en: 'Date the problems were resolved',
  }),
  col(
    'problem_resolution',
    '问题处理方式',
    'enum',
    'conditional',
    { zh: '问题处理方式', en: 'How the problems were resolved' },
    {
      enumDef: PROBLEM_RESOLUTION,
      requiredWhen: {
        column: 'problem_resolved_on',
        present: true,
        text: { zh: '填写了问题处理完成日期时必填', en: 'required when problem_resolved_on is set' },
      },
    },
  ),
]);

// ---- complaints -------------------------------------------------------------------------------------

export const COMPLAINT_COLUMNS: readonly ColumnDef[] = Object.freeze([
  col(
    'complaint_no',
    '投诉编号',
    'text',
    'always',
    { zh: '投诉编号，在文件内唯一', en: 'Complaint number, unique within a file' },
    { maxLength: 64 },
  ),
  col(
    'source',
    '投诉来源',
    'enum',
    'always',
    { zh: '投诉来源', en: 'Source of the complaint' },
    { enumDef: COMPLAINT_SOURCE },
  ),
  col(
    'forward_no',
    '转办编号',
    'text',
    'conditional',
    { zh: '监管机构的转办编号', en: "The regulator's case number" },
    {
      maxLength: 64,
      requiredWhen: WHEN_FORWARDED,
    },
  ),
  col(
    'forwarded_on',
    '转办日期',
    'date',
    'conditional',
    { zh: '监管转办日期', en: 'Date the regulator forwarded the complaint' },
    {
      requiredWhen: WHEN_FORWARDED,
    },
  ),
  col('received_on', '受理日期', 'date', 'always', { zh: '受理日期', en: 'Date the complaint was received' }),
  col(
    'product_type',
    '产品类型',
    'enum',
    'always',
    { zh: '产品类型', en: 'Product type' },
    { enumDef: PRODUCT_TYPE },
  ),
  col(
    'category',
    '投诉事项',
    'enum',
    'always',
    { zh: '投诉事项', en: 'Complaint category' },
    { enumDef: COMPLAINT_CATEGORY },
  ),
  col(
    'channel',
    '销售渠道',
    'enum',
    'optional',
    { zh: '销售渠道', en: 'Sales channel' },
    { enumDef: CHANNEL },
  ),
  col(
    'decided_on',
    '处理决定日期',
    'date',
    'conditional',
    { zh: '作出处理决定的日期', en: 'Date of the decision' },
    {
      requiredWhen: {
        column: 'outcome',
        notIn: ['withdrawn', 'pending'],
        text: {
          zh: '处理结果不是“撤诉”或“处理中”时必填',
          en: 'required unless outcome is withdrawn or pending',
        },
      },
    },
  ),
  col(
    'extension',
    '延期处理',
    'enum',
    'always',
    { zh: '是否延期处理', en: 'Extension of the handling period' },
    { enumDef: EXTENSION },
  ),
  col('outcome', '处理结果', 'enum', 'always', { zh: '处理结果', en: 'Outcome' }, { enumDef: OUTCOME }),
  col('callback_on', '回访日期', 'date', 'optional', {
    zh: '投诉回访日期',
    en: 'Date of the complaint callback',
  }),
  col(
    'callback_method',
    '回访方式',
    'enum',
    'conditional',
    { zh: '投诉回访方式', en: 'Method of the complaint callback' },
    {
      enumDef: CALLBACK_METHOD,
      requiredWhen: WHEN_CALLED_BACK,
    },
  ),
  col(
    'satisfaction',
    '回访满意度',
    'enum',
    'conditional',
    { zh: '回访满意度', en: 'Satisfaction at the callback' },
    {
      enumDef: SATISFACTION,
      requiredWhen: WHEN_CALLED_BACK,
    },
  ),
  col('repeat_complaint', '重复投诉', 'boolean', 'always', {
    zh: '同一人就同一事项再次投诉',
    en: 'Same person, same matter, complained again',
  }),
]);

// ---- profile ----------------------------------------------------------------------------------------

const COUNT: Extra = { min: 0 };

export const PROFILE_COLUMNS: readonly ColumnDef[] = Object.freeze([
  col('org_code', '机构代码', 'uscc', 'always', {
    zh: '报送机构的统一社会信用代码',
    en: "The submitting insurer's unified social credit code",
  }),
  col(
    'premium_income',
    '保费收入(万元)',
    'decimal',
    'always',
    { zh: '保费收入（万元）', en: 'Premium income in 10,000 CNY' },
    {
      min: 0,
      decimals: 2,
    },
  ),
  col(
    'new_policies',
    '新单件数',
    'integer',
    'always',
    { zh: '报送期内新承保的个人保单件数', en: 'Individual policies issued in the period' },
    COUNT,
  ),
  col(
    'policies_in_force',
    '有效保单件数',
    'integer',
    'always',
    { zh: '期末有效保单件数', en: 'Policies in force at period end' },
    COUNT,
  ),
  col(
    'insured_persons',
    '承保人次',
    'integer',
    'always',
    { zh: '报送期内承保人次', en: 'Persons covered in the period' },
    COUNT,
  ),
  col(
    'sales_staff',
    '营销员人数',
    'integer',
    'always',
    { zh: '期末营销员人数', en: 'Sales staff at period end' },
    COUNT,
  ),
  col(
    'employees',
    '员工人数',
    'integer',
    'always',
    { zh: '期末员工人数', en: 'Employees at period end' },
    COUNT,
  ),
]);

export const KIND_DEFS: Readonly<Record<Kind, KindDef>> = Object.freeze({
  callbacks: { kind: 'callbacks', title: { zh: '回访明细', en: 'callbacks' }, columns: CALLBACK_COLUMNS },
  complaints: { kind: 'complaints', title: { zh: '投诉明细', en: 'complaints' }, columns: COMPLAINT_COLUMNS },
  profile: { kind: 'profile', title: { zh: '经营数据', en: 'profile' }, columns: PROFILE_COLUMNS },
});

/** The column definitions of `kind`, in standard order. */
export function columnsOf(kind: Kind): readonly ColumnDef[] {
  return KIND_DEFS[kind].columns;
}

const byKey = new Map<string, ColumnDef>();
for (const k of Object.values(KIND_DEFS)) {
  for (const c of k.columns) {
    const seen = byKey.get(c.key);
    // A key shared by two kinds (product_type, channel) must mean the same thing in both.
    if (seen && (seen.type !== c.type || seen.enumDef !== c.enumDef))
      throw new Error(`column ${c.key} differs between kinds`);
    if (!seen) byKey.set(c.key, c);
  }
}

/** The definition of a column key (keys mean the same in every kind). */
export function columnByKey(key: string): ColumnDef | undefined {
  return byKey.get(key);
}

const compiledPatterns = new Map<string, RegExp>();
/** The compiled `pattern` of a column (compiled once). */
export function columnPattern(def: ColumnDef): RegExp | undefined {
  if (!def.pattern) return undefined;
  let re = compiledPatterns.get(def.pattern);
  if (!re) compiledPatterns.set(def.pattern, (re = new RegExp(def.pattern)));
  return re;
}

/** "保单号(policy_no)" in Chinese, "policy_no" in English. */
export function columnName(key: string, lang: Lang): string {
  const def = byKey.get(key);
  if (lang === 'en' || !def) return key;
  return `${def.header}(${key})`;
}

/** What a valid value of the column looks like, in words. */
export function describeExpected(def: ColumnDef, lang: Lang): string {
  const zh = lang === 'zh';
  switch (def.type) {
    case 'text': {
      const parts: string[] = [];
      if (def.maxLength !== undefined)
        parts.push(zh ? `不超过${def.maxLength}个字符的文本` : `text of at most ${def.maxLength} characters`);
      if (def.patternText) parts.push(def.patternText[lang]);
      return parts.join(zh ? '，' : ', ');
    }
    case 'integer': {
      const lo = def.min ?? 0;
      if (def.max === undefined) return zh ? `不小于${lo}的整数` : `a whole number ≥ ${lo}`;
      return zh ? `${lo}–${def.max}的整数` : `a whole number from ${lo} to ${def.max}`;
    }
    case 'decimal':
      return zh
        ? `不小于${def.min ?? 0}的数，最多${def.decimals ?? 2}位小数，不含千位分隔符`
        : `a number ≥ ${def.min ?? 0} with at most ${def.decimals ?? 2} decimals, no thousands separators`;
    case 'date':
      return zh
        ? '日期（YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD，须为真实日期）'
        : 'a real date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)';
    case 'boolean':
      return zh ? '是否值（Y/N、是/否、true/false、1/0）' : 'a yes/no value (Y/N, 是/否, true/false, 1/0)';
    case 'uscc':
      return zh
        ? '18位统一社会信用代码（校验位正确）'
        : 'an 18-character unified social credit code with valid check characters';
    case 'enum':
      return zh ? '下列取值之一' : 'one of the listed values';
    case 'list':
    case 'enumList':
      return zh ? '以“;”分隔的取值' : 'values separated by ";"';
  }
}

/** The allowed values of an enum column: "code 标签, …". */
export function describeAllowed(def: ColumnDef): string {
  if (!def.enumDef) return '';
  return def.enumDef.values.map((v) => `${v.code} ${v.label}`).join(', ');
}
