import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RuleOverride } from '@portal/reporting-standard';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /api/rules/versions`: what changes relative to the latest version. */
export class PublishRulesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { 'CB-C1': { params: { minSuccessRate: 0.92 } }, 'CB-11': { enabled: false } },
    description:
      '按规则代码的变更：enabled、params、effectiveFrom、effectiveTo / changes per rule code: enabled, params, effectiveFrom, effectiveTo',
  })
  @IsObject({ message: 'rules 应为对象 / rules must be an object keyed by rule code' })
  rules!: Record<string, RuleOverride>;

  @ApiPropertyOptional({ example: '调整回访成功率阈值 / success-rate threshold raised' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
