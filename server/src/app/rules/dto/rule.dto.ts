import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Catalog, ParamValue, RuleDefinition } from '@portal/reporting-standard';

export class BilingualDto {
  @ApiProperty({ example: '犹豫期内完成回访' })
  zh!: string;
  @ApiProperty({ example: 'callback completed inside the cooling-off period' })
  en!: string;
}

/** One rule of the catalog as served by `GET /api/rules`. */
export class RuleDto {
  @ApiProperty({ example: 'CB-02' })
  code!: string;
  @ApiProperty({ type: BilingualDto })
  title!: BilingualDto;
  @ApiProperty({ enum: ['error', 'warning', 'finding'] })
  severity!: 'error' | 'warning' | 'finding';
  @ApiProperty({ enum: ['record', 'company', 'file'] })
  scope!: 'record' | 'company' | 'file';
  @ApiProperty({ type: BilingualDto, description: '依据 / the regulation behind the rule' })
  citation!: BilingualDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '参数 / parameters in force, e.g. {"minTermMonths": 12}',
  })
  params!: Record<string, ParamValue>;
  @ApiProperty({ type: [String], example: ['callbacks'] })
  kinds!: string[];
  @ApiProperty({ description: '是否启用 / switched on' })
  enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, example: null })
  effectiveFrom!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null })
  effectiveTo!: string | null;
  @ApiPropertyOptional({ type: BilingualDto })
  note?: BilingualDto;
}

export class CatalogVersionDto {
  @ApiProperty({ example: 2 })
  version!: number;
  @ApiProperty({ nullable: true, type: String })
  note!: string | null;
  @ApiProperty({ example: '2026-07-01T08:00:00.000Z' })
  publishedAt!: string;
}

export function toRuleDto(r: RuleDefinition): RuleDto {
  const dto: RuleDto = {
    code: r.code,
    title: { zh: r.title.zh, en: r.title.en },
    severity: r.severity,
    scope: r.scope,
    citation: { zh: r.citation.zh, en: r.citation.en },
    params: { ...r.params },
    kinds: [...r.kinds],
    enabled: r.enabled,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
  };
  if (r.note) dto.note = { zh: r.note.zh, en: r.note.en };
  return dto;
}

export const toRuleDtos = (c: Catalog): RuleDto[] => c.rules.map(toRuleDto);
