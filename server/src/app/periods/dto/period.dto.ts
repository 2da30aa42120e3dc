import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsoDateField, NoPiiField, OneOfField, OrgCodeField, TextField } from '../../cases/dto/field-rules';
import { SUBMISSION_KINDS, type SubmissionKind } from '../period.entity';

/** New deadlines per kind; kinds left out keep theirs. */
export class SetDeadlinesDto {
  @ApiPropertyOptional({ example: '2026-07-30' })
  @IsOptional()
  @IsoDateField('callbacks')
  callbacks?: string;

  @ApiPropertyOptional({ example: '2026-07-30' })
  @IsOptional()
  @IsoDateField('complaints')
  complaints?: string;

  @ApiPropertyOptional({ example: '2026-07-30' })
  @IsOptional()
  @IsoDateField('profile')
  profile?: string;
}

export class GrantExtensionDto {
  @ApiProperty({ enum: SUBMISSION_KINDS })
  @OneOfField('kind', SUBMISSION_KINDS)
  kind!: SubmissionKind;

  @ApiPropertyOptional({ description: 'One insurer; left out: every insurer' })
  @IsOptional()
  @OrgCodeField()
  orgCode?: string;

  @ApiProperty({ example: '2026-08-15' })
  @IsoDateField('dueOn')
  dueOn!: string;

  @ApiProperty({ example: '系统升级导致数据提取延迟' })
  @TextField('reason', 500)
  @NoPiiField('reason')
  reason!: string;
}
