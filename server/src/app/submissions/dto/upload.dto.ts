import { ApiProperty } from '@nestjs/swagger';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../submission.entity';

/** The multipart body of `POST /api/submissions` (for the OpenAPI description). */
export class UploadBodyDto {
  @ApiProperty({ enum: ['callbacks', 'complaints', 'profile'] })
  kind!: string;
  @ApiProperty({
    example: '2026H1',
    description: 'YYYYH1 或 YYYYH2，已开始的报送期 / a period that has begun',
  })
  period!: string;
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'CSV（UTF-8 或 GB18030）、gzip 压缩的 CSV、XLSX / CSV (UTF-8 or GB18030), gzipped CSV or XLSX',
  })
  file!: unknown;
}

export class UploadResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES })
  status!: SubmissionStatus;
  @ApiProperty()
  version!: number;
  @ApiProperty({
    description:
      '同一文件（SHA-256 相同）已上传过：返回原报送 / the same file was uploaded before: the existing submission',
  })
  duplicate!: boolean;
  @ApiProperty({ description: '晚于截止日 / after the deadline' })
  late!: boolean;
}
