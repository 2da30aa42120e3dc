import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Catalog, ParamValue, RuleDefinition, RuleOverride } from '@portal/reporting-standard';

export class BilingualDto {
  @ApiProperty({ example: '犹豫期内完成回访' })
  zh!: string;
  @ApiProperty({ example: 'callback completed inside the cooling-off period' })
  en!: string;
}

/** How one local pack changes one rule (only the settings it changes). */
export class LocalRuleChangeDto {
  @ApiProperty({ example: '110000', description: '辖区（行政区划代码） / jurisdiction (division code)' })
  jurisdiction!: string;
  @ApiProperty({ type: BilingualDto, description: '规则包名称 / the pack' })
  name!: BilingualDto;
  @ApiProperty({ type: BilingualDto, description: '地方依据 / the local regulation' })
  citation!: BilingualDto;
  @ApiPropertyOptional()
  enabled?: boolean;
  @ApiPropertyOptional({ enum: ['warning', 'finding'] })
  severity?: 'warning' | 'finding';
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { minTermMonths: 0 } })
  params?: Record<string, ParamValue>;
  @ApiPropertyOptional({ nullable: true, type: String })
  effectiveFrom?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  effectiveTo?: string | null;
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
  @ApiPropertyOptional({
    type: [LocalRuleChangeDto],
    description:
      "改变本规则的地方规则包（全国目录中为全部，某辖区的目录中为适用的那一个）；无则不出现 / the local packs that change this rule (all of them in the national catalog, the one applied in a jurisdiction's); absent when none",
  })
  localPacks?: LocalRuleChangeDto[];
}

export class CatalogVersionDto {
  @ApiProperty({ example: 2 })
  version!: number;
  @ApiProperty({ nullable: true, type: String })
  note!: string | null;
  @ApiProperty({ example: '2026-07-01T08:00:00.000Z' })
  publishedAt!: string;
}

export function toRuleDto(r: RuleDefinition, local: LocalRuleChangeDto[] = []): RuleDto {
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
  if (local.length > 0) dto.localPacks = local;
  return dto;
}

function localChange(
  jurisdiction: string,
  pack: NonNullable<Catalog['localPacks']>[string],
  o: RuleOverride,
) {
  const change: LocalRuleChangeDto = {
    jurisdiction,
    name: { zh: pack.name.zh, en: pack.name.en },
    citation: { zh: pack.citation.zh, en: pack.citation.en },
  };
  if (o.enabled !== undefined) change.enabled = o.enabled;
  if (o.severity !== undefined) change.severity = o.severity;
  if (o.params !== undefined) change.params = { ...o.params };
  if (o.effectiveFrom !== undefined) change.effectiveFrom = o.effectiveFrom;
  if (o.effectiveTo !== undefined) change.effectiveTo = o.effectiveTo;
  return change;
}

/** The catalog's rules, each with the changes its local packs make to it (jurisdictions in code order). */
export function toRuleDtos(c: Catalog): RuleDto[] {
  const packs = Object.entries(c.localPacks ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return c.rules.map((r) =>
    toRuleDto(
      r,
      packs.flatMap(([j, pack]) => {
        const rules = pack.overrides.rules ?? {};
        return Object.prototype.hasOwnProperty.call(rules, r.code)
          ? [localChange(j, pack, rules[r.code])]
          : [];
      }),
    ),
  );
}
