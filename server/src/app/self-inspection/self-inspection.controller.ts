import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { INSURER_ROLES, REGULATOR_ROLES, Roles } from '../common/access';
import {
  CreateNoticeDto,
  DrawSampleDto,
  ReviewReportDto,
  SampleOutcomeDto,
  SampleOutcomesDto,
  SubmitReportDto,
  UpdateReportDto,
} from './dto/self-inspection.dto';
import { SampleService } from './sample.service';
import { SelfInspectionService } from './self-inspection.service';

function sendPdf(res: Response, file: { bytes: Buffer; fileName: string; sha256: string }): StreamableFile {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Content-Length', String(file.bytes.length));
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('X-Content-SHA256', file.sha256);
  res.setHeader('Cache-Control', 'private, no-cache');
  return new StreamableFile(file.bytes);
}

/**
 * Self-inspection (自查), API.md "Self-inspection": notices, reports, the recording-review sample, sign-off
 * and review. Routes with a suffix (`.pdf`, `.xlsx`, `/versions/…`) come before the plain `:id`.
 */
@ApiTags('self-inspection')
@ApiBearerAuth()
@Controller('self-inspections')
export class SelfInspectionController {
  constructor(
    private readonly reports: SelfInspectionService,
    private readonly samples: SampleService,
  ) {}

  @Post()
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({
    summary: 'Issues a notice: each insurer named gets a report in status requested, due on the deadline',
  })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateNoticeDto) {
    return this.reports.createNotice(user, body);
  }

  @Get()
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary: 'Notices, newest first, with the status of each report (insurers: their own reports only)',
  })
  list(@CurrentUser() user: AuthUser) {
    return this.reports.list(user);
  }

  @Get('reports/:id.pdf')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The PDF of the latest signed version' })
  async pdf(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendPdf(res, await this.reports.pdfOf(user, id));
  }

  @Get('reports/:id/versions/:n.pdf')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The PDF of signed version n' })
  async versionPdf(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('n') n: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendPdf(res, await this.reports.pdfOf(user, id, n));
  }

  @Get('reports/:id/versions/:n')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({ summary: 'Signed version n: what was signed (all sections), the signer and the review' })
  version(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('n') n: string) {
    return this.reports.version(user, id, n);
  }

  @Get('reports/:id/sample.xlsx')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary: 'The recording-review sample as a spreadsheet (streamed), with the outcomes so far',
  })
  async sampleXlsx(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response) {
    await this.samples.xlsx(user, id, res);
  }

  @Get('reports/:id/sample')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({ summary: 'The recording-review sample: plan, strata, outcome counts, and a page of items' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: '≤ 2000 (default 2000)' })
  @ApiQuery({ name: 'outcome', required: false, enum: ['pending', 'compliant', 'non_compliant'] })
  sample(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query('page') page?: string,
    @Query('pageSize') pageSize?: string,
    @Query('outcome') outcome?: string,
  ) {
    return this.samples.list(user, id, { page, pageSize, outcome });
  }

  @Post('reports/:id/sample')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary:
      'Draws the recording-review sample (once): max(0.5 %, 1,200) of the new-business callbacks, stratified, systematic; the seed is kept',
  })
  draw(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: DrawSampleDto) {
    return this.samples.draw(user, id, body);
  }

  @Post('reports/:id/sample/outcomes')
  @HttpCode(200)
  @Roles(...INSURER_ROLES)
  @ApiOperation({ summary: 'Records the review outcomes of many sampled callbacks at once' })
  outcomes(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SampleOutcomesDto) {
    return this.samples.recordOutcomes(user, id, body.items);
  }

  @Put('reports/:id/sample/:itemNo')
  @Roles(...INSURER_ROLES)
  @ApiOperation({ summary: "Records the insurer's review outcome of one sampled callback" })
  outcome(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('itemNo') itemNo: string,
    @Body() body: SampleOutcomeDto,
  ) {
    return this.samples.recordOutcome(user, id, itemNo, body);
  }

  @Post('reports/:id/submit')
  @HttpCode(200)
  @Roles('insurer_approver')
  @ApiOperation({
    summary:
      'The approver signs the report: the version is locked and rendered to PDF; 409 while the sample is not reviewed',
  })
  submit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SubmitReportDto) {
    return this.reports.submit(user, id, body);
  }

  @Post('reports/:id/review')
  @HttpCode(200)
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({
    summary: 'Accepts the submitted version, or returns it with comments (a new version opens)',
  })
  review(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ReviewReportDto) {
    return this.reports.review(user, id, body);
  }

  @Put('reports/:id')
  @Roles(...INSURER_ROLES)
  @ApiOperation({ summary: 'Sections 2 (problems) and 3 (measures); the lists replace the previous ones' })
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: UpdateReportDto) {
    return this.reports.update(user, id, body);
  }

  @Get('reports/:id')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary:
      'A report: section 1 pre-filled from the submitted data (METRICS.md keys, rule counts with citations, group medians), sections 2 and 3, sample summary, versions',
  })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.reports.get(user, id);
  }
}
