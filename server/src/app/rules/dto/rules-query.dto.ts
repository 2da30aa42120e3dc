import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

export class RulesVersionQueryDto {
  @ApiPropertyOptional({
    description: '规则目录版本，缺省为现行版本 / catalog version (default: the one in force)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version 应为正整数 / version must be a whole number' })
  @Min(1, { message: 'version 应为正整数 / version must be a whole number' })
  version?: number;
}

export class RulesQueryDto extends RulesVersionQueryDto {
  @ApiPropertyOptional({
    example: '110000',
    description:
      '辖区（6位行政区划代码）：返回该辖区保险机构适用的目录（叠加其地方规则包）；缺省为全国目录 / jurisdiction (6-digit division code): the catalog insurers there are checked against (its local pack applied); default: the national catalog',
  })
  @IsOptional()
  @Matches(/^[1-9][0-9]{5}$/, {
    message: 'jurisdiction 应为6位行政区划代码 / jurisdiction must be a 6-digit administrative division code',
  })
  jurisdiction?: string;
}
