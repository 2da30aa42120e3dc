import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

const JURISDICTION_DESCRIPTION =
  '辖区：6位行政区划代码（GB/T 2260，如北京市 110000），适用该辖区的地方规则包；null 为仅适用全国规则 / jurisdiction: a 6-digit administrative division code (GB/T 2260, e.g. 110000 for Beijing) whose local rule pack applies; null = national rules only';
const JURISDICTION_MESSAGE =
  'jurisdiction 应为6位行政区划代码或 null / jurisdiction must be a 6-digit administrative division code or null';

export class CreateOrgDto {
  @ApiProperty({
    example: '914403007109307395',
    description: '统一社会信用代码 / unified social credit code (18 characters)',
  })
  @IsString()
  @Length(18, 18, { message: '统一社会信用代码应为18位 / The unified social credit code has 18 characters' })
  code!: string;

  @ApiProperty({ example: '示例人寿保险股份有限公司' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ['life', 'property'] })
  @IsIn(['life', 'property'], { message: 'group 应为 life 或 property / group must be life or property' })
  group!: 'life' | 'property';

  @ApiProperty({ example: '2002-12-04' })
  @IsISO8601(
    { strict: true },
    { message: 'foundedOn 应为 YYYY-MM-DD 日期 / foundedOn must be a YYYY-MM-DD date' },
  )
  foundedOn!: string;

  @ApiPropertyOptional({
    example: '110000',
    nullable: true,
    type: String,
    description: JURISDICTION_DESCRIPTION,
  })
  @IsOptional()
  @IsString({ message: JURISDICTION_MESSAGE })
  @Matches(/^[1-9][0-9]{5}$/, { message: JURISDICTION_MESSAGE })
  jurisdiction?: string | null;
}

/** `PUT /api/admin/orgs/{code}/jurisdiction`. */
export class SetJurisdictionDto {
  @ApiProperty({ example: '110000', nullable: true, type: String, description: JURISDICTION_DESCRIPTION })
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: JURISDICTION_MESSAGE })
  @Matches(/^[1-9][0-9]{5}$/, { message: JURISDICTION_MESSAGE })
  jurisdiction!: string | null;
}

export interface OrgDto {
  code: string;
  name: string;
  group: 'life' | 'property';
  foundedOn: string;
  /**
   * 6-digit division code whose local rule pack applies; null = national rules only. Always present in the
   * answers of /api/orgs and /api/admin/orgs (optional in the type because /api/me builds its own).
   */
  jurisdiction?: string | null;
}
