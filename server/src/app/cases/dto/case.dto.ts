import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CALLBACK_METHOD, COMPLAINT_CATEGORY, SATISFACTION } from '@portal/reporting-standard';
import { HANDLED_OUTCOMES, SUPERVISION_RESULTS } from '../forwarded-complaint.entity';
import {
  IntegerField,
  IsoDateField,
  NoPiiField,
  OneOfField,
  OrgCodeField,
  ShareField,
  TextField,
} from './field-rules';

export const SUMMARY_MAX = 2000;
export const NOTE_MAX = 1000;

/** A complaint the regulator forwards to an insurer (信访投诉转办单). */
export class RegisterCaseDto {
  @ApiProperty({ example: '914403007109307395' })
  @OrgCodeField()
  orgCode!: string;

  @ApiProperty({ example: '京金信转〔2026〕0123号', description: "The regulator's case number (转办编号)" })
  @TextField('forwardNo', 64)
  @NoPiiField('forwardNo')
  forwardNo!: string;

  @ApiProperty({ example: '2026-02-10' })
  @IsoDateField('forwardedOn')
  forwardedOn!: string;

  @ApiProperty({ enum: COMPLAINT_CATEGORY.codes })
  @OneOfField('category', COMPLAINT_CATEGORY.codes)
  category!: string;

  @ApiProperty({ description: 'Free text; must not contain ID or mobile numbers', maxLength: SUMMARY_MAX })
  @TextField('summary', SUMMARY_MAX)
  @NoPiiField('summary')
  summary!: string;
}

/** The insurer's handling and callback (回访单). */
export class HandleCaseDto {
  @ApiProperty({ example: '2026-02-20', description: '处理决定日期' })
  @IsoDateField('decidedOn')
  decidedOn!: string;

  @ApiProperty({ enum: HANDLED_OUTCOMES })
  @OneOfField('outcome', HANDLED_OUTCOMES)
  outcome!: string;

  @ApiProperty({ example: '2026-02-25', description: '回访日期' })
  @IsoDateField('callbackOn')
  callbackOn!: string;

  @ApiProperty({ enum: CALLBACK_METHOD.codes })
  @OneOfField('callbackMethod', CALLBACK_METHOD.codes)
  callbackMethod!: string;

  @ApiProperty({ enum: SATISFACTION.codes })
  @OneOfField('satisfaction', SATISFACTION.codes)
  satisfaction!: string;

  @ApiPropertyOptional({ maxLength: NOTE_MAX })
  @IsOptional()
  @TextField('note', NOTE_MAX)
  @NoPiiField('note')
  note?: string;
}

/** Draw a reproducible random sample of handled cases: exactly one of `size` and `share`. */
export class SupervisionSampleDto {
  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @IntegerField('size', 1, 1000)
  size?: number;

  @ApiPropertyOptional({ example: 0.1 })
  @IsOptional()
  @ShareField('share')
  share?: number;

  @ApiPropertyOptional({ description: 'Same seed + same population = same sample; generated when left out' })
  @IsOptional()
  @TextField('seed', 64)
  seed?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @OrgCodeField()
  orgCode?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsoDateField('forwardedFrom')
  forwardedFrom?: string;

  @ApiPropertyOptional({ example: '2026-06-30' })
  @IsOptional()
  @IsoDateField('forwardedTo')
  forwardedTo?: string;
}

/** The regulator's follow-up check (督查) of one case. */
export class SupervisionDto {
  @ApiProperty({ enum: SUPERVISION_RESULTS })
  @OneOfField('result', SUPERVISION_RESULTS)
  result!: string;

  @ApiPropertyOptional({ maxLength: NOTE_MAX })
  @IsOptional()
  @TextField('note', NOTE_MAX)
  @NoPiiField('note')
  note?: string;
}
