import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { IsoDateField, NoPiiField, TextField } from '../../cases/dto/field-rules';

export const FINDINGS_MAX = 20_000;
export const COMMENT_MAX = 2_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const matches = (name: string, re: RegExp, message: string) =>
  ValidateBy({
    name,
    validator: { validate: (v) => typeof v === 'string' && re.test(v), defaultMessage: () => message },
  });

/** A new draft bulletin (or a correction of a published one: `replaces` names it). */
export class CreateBulletinDto {
  @ApiProperty({ example: '2026H1' })
  @matches('periodField', /^\d{4}H[12]$/, 'period 须形如 2026H1 / period must look like 2026H1')
  period!: string;

  @ApiPropertyOptional({ example: '关于2026年上半年保险消费投诉及回访情况的通报', maxLength: 200 })
  @IsOptional()
  @TextField('title', 200)
  title?: string;

  @ApiPropertyOptional({ example: '京金发〔2026〕12号', maxLength: 64 })
  @IsOptional()
  @TextField('documentNo', 64)
  documentNo?: string;

  @ApiPropertyOptional({
    description: 'The date on the cover (default: today in China)',
    example: '2026-07-15',
  })
  @IsOptional()
  @IsoDateField('issuedOn')
  issuedOn?: string;

  @ApiPropertyOptional({
    description: '督查情况: free text, one paragraph per line; rendered escaped',
    maxLength: FINDINGS_MAX,
  })
  @IsOptional()
  @TextField('inspectionFindings', FINDINGS_MAX)
  @NoPiiField('inspectionFindings')
  inspectionFindings?: string;

  @ApiPropertyOptional({ description: 'The published bulletin this edition corrects', format: 'uuid' })
  @IsOptional()
  @matches('uuidField', UUID, 'replaces 须为通报编号（UUID）/ replaces must be a bulletin id (UUID)')
  replaces?: string;
}

/** An insurer's objection to its own figures in a draft. */
export class DisputeDto {
  @ApiProperty({ maxLength: COMMENT_MAX, example: '投诉总量应为 412 件，第二季度更正的数据未计入。' })
  @TextField('comment', COMMENT_MAX)
  @NoPiiField('comment')
  comment!: string;

  @ApiPropertyOptional({ example: 'complaints.total', description: 'The METRICS.md key disputed' })
  @IsOptional()
  @matches(
    'figureField',
    /^[A-Za-z][A-Za-z0-9_.]{0,63}$/,
    'figure 须为指标键，如 complaints.total / figure must be a metric key such as complaints.total',
  )
  figure?: string;
}
