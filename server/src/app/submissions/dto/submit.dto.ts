import { ApiProperty } from '@nestjs/swagger';
import { Equals } from 'class-validator';

export class SubmitDto {
  @ApiProperty({
    example: true,
    description: '确认所报数据真实、准确、完整 / attests that the data are true, accurate and complete',
  })
  @Equals(true, {
    message: '提交前须确认数据真实、准确、完整（attestation: true） / Submitting requires attestation: true',
  })
  attestation!: boolean;
}

export class SubmitResultDto {
  @ApiProperty({ enum: ['submitted'] })
  status!: 'submitted';
  @ApiProperty({ example: 'HB20260710-7K3M9Q2X' })
  receiptNo!: string;
  @ApiProperty()
  sha256!: string;
  @ApiProperty({ example: '2026-07-10T09:30:00.000Z' })
  submittedAt!: string;
}
