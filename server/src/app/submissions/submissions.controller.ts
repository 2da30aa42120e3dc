import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { INSURER_ROLES, REGULATOR_ROLES, Roles } from '../common/access';
import { IssuePageDto, IssuesQueryDto } from './dto/issues.dto';
import { ListSubmissionsQueryDto } from './dto/list-query.dto';
import { SubmissionDto } from './dto/submission.dto';
import { SubmitDto, SubmitResultDto } from './dto/submit.dto';
import { UploadBodyDto, UploadResultDto } from './dto/upload.dto';
import { IssueReportService } from './issue-report.service';
import { SubmissionsService, TooManyPendingUploadsException } from './submissions.service';

const READERS = [...INSURER_ROLES, ...REGULATOR_ROLES];

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('submissions')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly reports: IssueReportService,
  ) {}

  /** Upload a file: streamed to disk while hashed, then validated in the background (poll GET /{id}). */
  @Roles('insurer_submitter')
  @Post()
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBodyDto })
  @ApiResponse({
    status: 202,
    type: UploadResultDto,
    description:
      '已接收，后台校验（相同文件返回原报送，duplicate=true） / accepted, validated in the background (identical bytes: the existing submission, duplicate=true)',
  })
  @ApiBadRequestResponse({
    description: '字段缺失或无效、报送期未开始 / missing or invalid field, period not begun',
  })
  @ApiPayloadTooLargeResponse({ description: '文件超过上限 / file larger than UPLOAD_MAX_BYTES' })
  @ApiTooManyRequestsResponse({
    description:
      '本机构等待校验的文件已达上限（UPLOAD_MAX_PENDING_PER_ORG），文件未保存；见 Retry-After / your organisation already has UPLOAD_MAX_PENDING_PER_ORG files waiting for validation: nothing stored; see Retry-After',
  })
  async upload(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UploadResultDto> {
    try {
      return await this.submissions.upload(user, req);
    } catch (e) {
      if (e instanceof TooManyPendingUploadsException)
        res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: [SubmissionDto], description: '最新在前 / newest first' })
  list(@CurrentUser() user: AuthUser, @Query() q: ListSubmissionsQueryDto): Promise<SubmissionDto[]> {
    return this.submissions.list(user, q);
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiOkResponse({ type: SubmissionDto })
  @ApiNotFoundResponse({ description: '不存在或不属于本机构 / no such submission in your organisation' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<SubmissionDto> {
    return this.submissions.get(user, id);
  }

  @Roles(...READERS)
  @Get(':id/issues')
  @ApiOkResponse({ type: IssuePageDto })
  @ApiNotFoundResponse({ description: '不存在或不属于本机构 / no such submission in your organisation' })
  issues(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() q: IssuesQueryDto,
  ): Promise<IssuePageDto> {
    return this.reports.page(user, id, q);
  }

  @Roles(...READERS)
  @Get(':id/issues.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      '完整校验报告（UTF-8 带 BOM，已防公式注入） / the full report (UTF-8 with BOM, formula-safe)',
  })
  @ApiConflictResponse({ description: '仍在校验中 / still validating' })
  issuesCsv(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.reports.csv(user, id, res);
  }

  @Roles(...READERS)
  @Get(':id/issues.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: '完整校验报告（汇总与问题两个工作表） / the full report (summary and issues sheets)',
  })
  @ApiConflictResponse({ description: '仍在校验中 / still validating' })
  issuesXlsx(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.reports.xlsx(user, id, res);
  }

  /** Sign-off: the approver attests the data; the previous submitted version is superseded. */
  @Roles('insurer_approver')
  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: SubmitResultDto })
  @ApiNotFoundResponse({ description: '不存在或不属于本机构 / no such submission in your organisation' })
  @ApiConflictResponse({
    description: '状态不是 valid，或已提交更新的版本 / not valid, or a newer version is submitted',
  })
  submit(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: SubmitDto,
  ): Promise<SubmitResultDto> {
    return this.submissions.submit(user, id, dto);
  }
}
