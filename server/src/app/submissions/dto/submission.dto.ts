import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../submission.entity';

/** `GET /api/submissions/{id}` — one uploaded version. Counts are exact. */
export class SubmissionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: '914403007109307395' })
  orgCode!: string;
  @ApiProperty({ example: '2026H1' })
  period!: string;
  @ApiProperty({ enum: ['callbacks', 'complaints', 'profile'] })
  kind!: string;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ enum: SUBMISSION_STATUSES })
  status!: SubmissionStatus;
  @ApiProperty({ example: 'a5659e655b09b32a48689363621a1ea05a2c259fd0cbc498249a151d5cbb48b3' })
  sha256!: string;
  @ApiProperty({ description: '数据行数（不含表头与空行） / data rows (header and blank rows excluded)' })
  rows!: number;
  @ApiProperty()
  errors!: number;
  @ApiProperty()
  warnings!: number;
  @ApiProperty()
  findings!: number;
  @ApiProperty({ example: '2026-07-10T09:30:00.000Z' })
  createdAt!: string;
  @ApiProperty({ nullable: true, type: String })
  submittedAt!: string | null;

  @ApiProperty({ description: '上传时的文件名 / file name as uploaded' })
  fileName!: string;
  @ApiProperty()
  fileBytes!: number;
  @ApiProperty({ nullable: true, type: String, enum: ['csv', 'csv.gz', 'xlsx'] })
  fileFormat!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['utf-8', 'gb18030'] })
  textEncoding!: string | null;
  @ApiProperty({ description: '晚于截止日上传 / uploaded after the deadline' })
  late!: boolean;
  @ApiProperty({ description: '校验所用规则目录版本 / rule catalog version it was checked against' })
  catalogVersion!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '110000',
    description:
      '校验时在该版本之上适用的地方规则包（辖区代码），null 为全国目录 / the jurisdiction whose local rule pack was applied on top of that version; null = the national catalog',
  })
  catalogJurisdiction!: string | null;
  @ApiProperty({ description: '校验中已读行数 / rows read so far while validating' })
  progressRows!: number;
  @ApiProperty({ nullable: true, type: String })
  validatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'status = failed 时的原因 / why, when failed' })
  failureReason!: string | null;
  @ApiProperty({ nullable: true, type: String })
  receiptNo!: string | null;
  @ApiProperty()
  createdBy!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  submittedBy!: string | null;
}

/** A submission row as the services select it (`SUBMISSION_COLUMNS`). */
export interface SubmissionRow {
  id: string;
  org_code: string;
  period_code: string;
  kind: string;
  version: number;
  status: SubmissionStatus;
  sha256: string;
  file_name: string;
  file_bytes: string;
  file_format: string | null;
  text_encoding: string | null;
  rows: string;
  errors: string;
  warnings: string;
  findings: string;
  progress_rows: string;
  catalog_version: number;
  catalog_jurisdiction: string | null;
  failure_reason: string | null;
  late: boolean;
  created_by: string;
  created_at: Date;
  validated_at: Date | null;
  submitted_at: Date | null;
  submitted_by: string | null;
  receipt_no: string | null;
}

export const SUBMISSION_COLUMNS = `id, org_code, period_code, kind, version, status, sha256, file_name, file_bytes,
  file_format, text_encoding, rows, errors, warnings, findings, progress_rows, catalog_version, catalog_jurisdiction,
  failure_reason, late,
  created_by, created_at, validated_at, submitted_at, submitted_by, receipt_no`;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toSubmissionDto(r: SubmissionRow): SubmissionDto {
  return {
    id: r.id,
    orgCode: r.org_code,
    period: r.period_code,
    kind: r.kind,
    version: r.version,
    status: r.status,
    sha256: r.sha256,
    rows: Number(r.rows),
    errors: Number(r.errors),
    warnings: Number(r.warnings),
    findings: Number(r.findings),
    createdAt: r.created_at.toISOString(),
    submittedAt: iso(r.submitted_at),
    fileName: r.file_name,
    fileBytes: Number(r.file_bytes),
    fileFormat: r.file_format,
    textEncoding: r.text_encoding,
    late: r.late,
    catalogVersion: r.catalog_version,
    catalogJurisdiction: r.catalog_jurisdiction,
    progressRows: Number(r.progress_rows),
    validatedAt: iso(r.validated_at),
    failureReason: r.failure_reason,
    receiptNo: r.receipt_no,
    createdBy: r.created_by,
    submittedBy: r.submitted_by,
  };
}
