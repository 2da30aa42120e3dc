import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateBy, ValidateNested } from 'class-validator';
import { IsoDateField, NoPiiField, OneOfField, TextField } from '../../cases/dto/field-rules';
import { MEASURE_STATUSES, REVIEW_OUTCOMES, REVIEW_PROBLEM_CODES } from '../self-inspection.model';

export const TITLE_MAX = 200;
export const SCOPE_MAX = 5000;
export const DESCRIPTION_MAX = 2000;
export const ACTION_MAX = 500;
export const OWNER_MAX = 100;
export const NOTE_MAX = 500;
export const COMMENTS_MAX = 2000;
export const SIGNER_MAX = 64;
export const LIST_MAX = 100;
export const ORGS_MAX = 500;
export const REFS_MAX = 50;
export const BATCH_MAX = 2000;

const rule = (name: string, check: (v: unknown) => boolean, message: string) =>
  ValidateBy({ name, validator: { validate: (v) => check(v), defaultMessage: () => message } });

const isStringList = (v: unknown, re: RegExp, max: number) =>
  Array.isArray(v) && v.length <= max && v.every((x) => typeof x === 'string' && re.test(x));

const RULE_CODE = /^[A-Z]{2,4}-[A-Z0-9]{1,4}$/;
const POLICY_NO = /^[^\s]{1,64}$/;
const ORG_CODE = /^[0-9A-Z]{18}$/;

const RuleCodesField = (field: string) =>
  rule(
    'ruleCodesField',
    (v) => isStringList(v, RULE_CODE, REFS_MAX),
    `${field} 须为规则代码列表（如 CB-04），最多 ${REFS_MAX} 个 / ${field} must be a list of at most ${REFS_MAX} rule codes such as CB-04`,
  );

/** A notice (自查通知) to a list of insurers. */
export class CreateNoticeDto {
  @ApiProperty({ example: '2026H1' })
  @rule(
    'periodField',
    (v) => typeof v === 'string' && /^\d{4}H[12]$/.test(v),
    'period 须形如 2026H1 / period must look like 2026H1',
  )
  period!: string;

  @ApiProperty({ example: '关于开展2026年上半年新单回访规定执行情况自查的通知', maxLength: TITLE_MAX })
  @TextField('title', TITLE_MAX)
  @NoPiiField('title')
  title!: string;

  @ApiProperty({
    description: 'What to inspect (free text, one paragraph per line)',
    example: '对照京保监发[2008]294号，自查新单100%回访、犹豫期内回访、回访录音及问题件处理情况。',
    maxLength: SCOPE_MAX,
  })
  @TextField('scope', SCOPE_MAX)
  @NoPiiField('scope')
  scope!: string;

  @ApiProperty({ example: '2026-08-15', description: 'The report is due on this day (China time)' })
  @IsoDateField('deadline')
  deadline!: string;

  @ApiProperty({ type: [String], example: ['914403007109307395'] })
  @rule(
    'orgCodesField',
    (v) =>
      Array.isArray(v) &&
      v.length >= 1 &&
      v.length <= ORGS_MAX &&
      v.every((x) => typeof x === 'string' && ORG_CODE.test(x)) &&
      new Set(v).size === v.length,
    `orgCodes 须为 1–${ORGS_MAX} 个互不相同的18位统一社会信用代码 / orgCodes must be 1 to ${ORGS_MAX} distinct 18-character unified social credit codes`,
  )
  orgCodes!: string[];
}

export class ProblemDto {
  @ApiProperty({ maxLength: DESCRIPTION_MAX, example: '部分电话回访录音缺失，回访档案管理不到位。' })
  @TextField('description', DESCRIPTION_MAX)
  @NoPiiField('description')
  description!: string;

  @ApiPropertyOptional({ type: [String], example: ['CB-04'] })
  @IsOptional()
  @RuleCodesField('ruleCodes')
  ruleCodes?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Policy numbers of sampled callbacks',
    example: ['P2026000123'],
  })
  @IsOptional()
  @rule(
    'sampleRefsField',
    (v) => isStringList(v, POLICY_NO, REFS_MAX),
    `sampleRefs 须为样本保单号列表，最多 ${REFS_MAX} 个 / sampleRefs must be a list of at most ${REFS_MAX} policy numbers of sampled callbacks`,
  )
  sampleRefs?: string[];
}

export class MeasureDto {
  @ApiProperty({ maxLength: ACTION_MAX, example: '完善回访录音归档流程，每日核对录音与回访记录。' })
  @TextField('action', ACTION_MAX)
  @NoPiiField('action')
  action!: string;

  @ApiProperty({ maxLength: OWNER_MAX, example: '客户服务部' })
  @TextField('owner', OWNER_MAX)
  @NoPiiField('owner')
  owner!: string;

  @ApiProperty({ example: '2026-09-30' })
  @IsoDateField('dueOn')
  dueOn!: string;

  @ApiProperty({ enum: MEASURE_STATUSES })
  @OneOfField('status', MEASURE_STATUSES)
  status!: string;
}

/** Sections 2 and 3 of a report (the whole lists: what is sent replaces what was there). */
export class UpdateReportDto {
  @ApiProperty({ type: [ProblemDto] })
  @IsArray({ message: 'problems 须为列表 / problems must be a list' })
  @ArrayMaxSize(LIST_MAX, {
    message: `problems 最多 ${LIST_MAX} 项 / problems has at most ${LIST_MAX} entries`,
  })
  @ValidateNested({ each: true })
  @Type(() => ProblemDto)
  problems!: ProblemDto[];

  @ApiProperty({ type: [MeasureDto] })
  @IsArray({ message: 'measures 须为列表 / measures must be a list' })
  @ArrayMaxSize(LIST_MAX, {
    message: `measures 最多 ${LIST_MAX} 项 / measures has at most ${LIST_MAX} entries`,
  })
  @ValidateNested({ each: true })
  @Type(() => MeasureDto)
  measures!: MeasureDto[];
}

export class DrawSampleDto {
  @ApiPropertyOptional({
    description:
      'The seed of the random starts (default: a random one); the same data and seed give the same list',
    example: 'notice-2026-07',
  })
  @IsOptional()
  @rule(
    'seedField',
    (v) => typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(v),
    'seed 须为 1–64 个字母、数字或 _ . : - / seed must be 1 to 64 letters, digits or _ . : -',
  )
  seed?: string;
}

export class SampleOutcomeDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @OneOfField('outcome', REVIEW_OUTCOMES)
  outcome!: string;

  @ApiPropertyOptional({
    type: [String],
    enum: REVIEW_PROBLEM_CODES,
    description: 'Required for non_compliant',
  })
  @IsOptional()
  @rule(
    'problemCodesField',
    (v) =>
      Array.isArray(v) &&
      v.length <= REVIEW_PROBLEM_CODES.length &&
      v.every((x) => typeof x === 'string' && REVIEW_PROBLEM_CODES.includes(x)),
    `problemCodes 须为以下代码：${REVIEW_PROBLEM_CODES.join(', ')} / problemCodes must be codes from: ${REVIEW_PROBLEM_CODES.join(', ')}`,
  )
  problemCodes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['CB-04'] })
  @IsOptional()
  @RuleCodesField('ruleCodes')
  ruleCodes?: string[];

  @ApiPropertyOptional({ maxLength: NOTE_MAX })
  @IsOptional()
  @TextField('note', NOTE_MAX)
  @NoPiiField('note')
  note?: string;
}

export class SampleOutcomeItemDto extends SampleOutcomeDto {
  @ApiProperty({ example: 12 })
  @rule(
    'itemNoField',
    (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10_000_000,
    'itemNo 须为样本序号（正整数）/ itemNo must be a sample item number (a positive integer)',
  )
  itemNo!: number;
}

/** Many outcomes at once (a page of the list), recorded together. */
export class SampleOutcomesDto {
  @ApiProperty({ type: [SampleOutcomeItemDto] })
  @IsArray({ message: 'items 须为列表 / items must be a list' })
  @ArrayMaxSize(BATCH_MAX, { message: `items 最多 ${BATCH_MAX} 项 / items has at most ${BATCH_MAX} entries` })
  @ValidateNested({ each: true })
  @Type(() => SampleOutcomeItemDto)
  items!: SampleOutcomeItemDto[];
}

export class SubmitReportDto {
  @ApiProperty({ maxLength: SIGNER_MAX, example: '王明' })
  @TextField('signerName', SIGNER_MAX)
  @NoPiiField('signerName')
  signerName!: string;

  @ApiProperty({ maxLength: SIGNER_MAX, example: '总经理' })
  @TextField('signerTitle', SIGNER_MAX)
  @NoPiiField('signerTitle')
  signerTitle!: string;
}

export class ReviewReportDto {
  @ApiProperty({ enum: ['accept', 'return'] })
  @OneOfField('decision', ['accept', 'return'])
  decision!: string;

  @ApiPropertyOptional({ maxLength: COMMENTS_MAX, description: 'Required when returning' })
  @IsOptional()
  @TextField('comments', COMMENTS_MAX)
  @NoPiiField('comments')
  comments?: string;
}
