import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class RulesQueryDto {
  @ApiPropertyOptional({
    description: '规则目录版本，缺省为现行版本 / catalog version (default: the one in force)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version 应为正整数 / version must be a whole number' })
  @Min(1, { message: 'version 应为正整数 / version must be a whole number' })
  version?: number;
}
