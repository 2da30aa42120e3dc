import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListSubmissionsQueryDto {
  @ApiPropertyOptional({ example: '914403007109307395' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{18}$/, {
    message: 'orgCode 应为18位统一社会信用代码 / orgCode must be an 18-character code',
  })
  orgCode?: string;

  @ApiPropertyOptional({ example: '2026H1' })
  @IsOptional()
  @Matches(/^\d{4}H[12]$/, { message: 'period 应为 YYYYH1 或 YYYYH2 / period must be YYYYH1 or YYYYH2' })
  period?: string;

  @ApiPropertyOptional({ enum: ['callbacks', 'complaints', 'profile'] })
  @IsOptional()
  @IsIn(['callbacks', 'complaints', 'profile'], {
    message: 'kind 应为 callbacks、complaints 或 profile / kind must be callbacks, complaints or profile',
  })
  kind?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000, { message: 'pageSize 最大为 1000 / pageSize is at most 1000' })
  pageSize?: number;
}
