import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LocalPack, RuleOverride } from '@portal/reporting-standard';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /api/rules/versions`: what changes relative to the latest version. */
export class PublishRulesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { 'CB-C1': { params: { minSuccessRate: 0.92 } }, 'CB-11': { enabled: false } },
    description:
      '按规则代码的变更：enabled、severity（warning/finding）、params、effectiveFrom、effectiveTo / changes per rule code: enabled, severity (warning/finding), params, effectiveFrom, effectiveTo',
  })
  @IsObject({ message: 'rules 应为对象 / rules must be an object keyed by rule code' })
  rules!: Record<string, RuleOverride>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: {
      '110000': {
        name: { zh: '北京地方规则包', en: 'Beijing local pack' },
        citation: {
          zh: '京保监发[2008]294号 一（个人人身保险业务新单100%回访）',
          en: 'Beijing CIRC Bureau notice 京保监发[2008]294号, item 1 (100% callback of individual new business)',
        },
        overrides: { rules: { 'CB-01': { params: { minTermMonths: 0 } } } },
      },
    },
    description:
      "地方规则包，按辖区代码（6位行政区划代码）：{name, citation, overrides:{rules}}，整包替换上一版本同辖区的规则包；null 撤销该辖区的规则包 / local packs by jurisdiction (6-digit division code): {name, citation, overrides:{rules}}; each replaces the previous version's pack of that jurisdiction whole; null withdraws it",
  })
  @IsOptional()
  @IsObject({
    message: 'localPacks 应为按辖区代码的对象 / localPacks must be an object keyed by jurisdiction code',
  })
  localPacks?: Record<string, LocalPack | null>;

  @ApiPropertyOptional({ example: '调整回访成功率阈值 / success-rate threshold raised' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
