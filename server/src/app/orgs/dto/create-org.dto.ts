import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, Length, MaxLength, MinLength } from 'class-validator';

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
}

export interface OrgDto {
  code: string;
  name: string;
  group: 'life' | 'property';
  foundedOn: string;
}
