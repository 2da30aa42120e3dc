import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

/** `POST /api/stats/recompute`: a period, and optionally one insurer of it. */
export class RecomputeStatsDto {
  @ApiProperty({ example: '2026H1' })
  @IsString({ message: '报送期须为文本 / period must be a string' })
  @Matches(/^\d{4}H[12]$/, { message: '报送期格式应为 YYYYH1 或 YYYYH2 / period must look like 2026H1' })
  period!: string;

  @ApiPropertyOptional({ description: 'Unified social credit code of one insurer; left out: every insurer' })
  @IsOptional()
  @IsString({ message: '机构代码须为文本 / orgCode must be a string' })
  @Matches(/^[0-9A-Z]{18}$/, {
    message: '机构代码应为18位统一社会信用代码 / orgCode must be an 18-character code',
  })
  orgCode?: string;
}
