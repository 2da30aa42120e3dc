import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { formatMessage, type Catalog, type Issue, type Severity } from '@portal/reporting-standard';

export class IssuesQueryDto {
  @ApiPropertyOptional({ enum: ['error', 'warning', 'finding'] })
  @IsOptional()
  @IsIn(['error', 'warning', 'finding'], {
    message: 'severity 应为 error、warning 或 finding / severity must be error, warning or finding',
  })
  severity?: Severity;

  @ApiPropertyOptional({ example: 'CB-02' })
  @IsOptional()
  @Matches(/^[A-Z]{2,4}-[A-Z0-9]{1,4}$/, {
    message: 'rule 应为规则代码，如 CB-02 / rule must be a rule code such as CB-02',
  })
  rule?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000, { message: 'pageSize 最大为 1000 / pageSize is at most 1000' })
  pageSize?: number;
}

/**
 * One problem of a report. `message` is the Chinese sentence and `messageEn` its English variant, both from the
 * library's `formatMessage` (row, column, masked value, rule and the regulation behind it).
 */
export class IssueDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      '文件中的行号（表头为第1行）；文件级问题为 null / row as in the file (header = 1); null for file-level problems',
  })
  row!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'completed_on' })
  column!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '出错的值（个人信息已隐去） / the offending value (personal data masked)',
  })
  value!: string | null;
  @ApiProperty({ example: 'CB-02' })
  rule!: string;
  @ApiProperty({ enum: ['error', 'warning', 'finding'] })
  severity!: Severity;
  @ApiProperty({ description: '中文说明 / the message in Chinese' })
  message!: string;
  @ApiProperty({ description: 'the message in English' })
  messageEn!: string;
}

export class IssuePageDto {
  @ApiProperty({ description: '符合筛选条件的问题总数（精确） / exact number of issues matching the filter' })
  total!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 'CB-02': 120, 'STR-003': 2 },
    description: '每条规则的问题数（不受筛选影响） / issues per rule (whole report, unfiltered)',
  })
  countsByRule!: Record<string, number>;
  @ApiProperty({ type: [IssueDto] })
  items!: IssueDto[];
}

/** A validation_issue row as read for reports. */
export interface IssueRow {
  issue_no: number;
  row_no: number | null;
  column_key: string | null;
  value: string | null;
  rule_code: string;
  severity: Severity;
  params: Record<string, string | number> | null;
}

export function issueOf(r: IssueRow): Issue {
  const issue: { -readonly [K in keyof Issue]: Issue[K] } = {
    row: r.row_no,
    column: r.column_key,
    value: r.value,
    rule: r.rule_code,
    severity: r.severity,
  };
  if (r.params) issue.params = r.params;
  return issue;
}

export function toIssueDto(r: IssueRow, catalog: Catalog): IssueDto {
  const issue = issueOf(r);
  return {
    row: r.row_no,
    column: r.column_key,
    value: r.value,
    rule: r.rule_code,
    severity: r.severity,
    message: formatMessage(issue, catalog, 'zh'),
    messageEn: formatMessage(issue, catalog, 'en'),
  };
}
