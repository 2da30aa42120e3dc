import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { INSURER_ROLES, Public, REGULATOR_ROLES, Roles } from '../common/access';
import { BulletinsService } from './bulletins.service';
import { CreateBulletinDto, DisputeDto } from './dto/bulletin.dto';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

function sendFile(
  res: Response,
  file: { bytes: Buffer; fileName: string; sha256: string },
  kind: keyof typeof CONTENT_TYPES,
  cache: string,
): StreamableFile {
  res.setHeader('Content-Type', CONTENT_TYPES[kind]);
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Content-Length', String(file.bytes.length));
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('X-Content-SHA256', file.sha256);
  res.setHeader('Cache-Control', cache);
  return new StreamableFile(file.bytes);
}

/** Bulletins (通报), API.md "Bulletins": drafting, preview and disputes, publication. Static paths before `:id`. */
@ApiTags('bulletins')
@ApiBearerAuth()
@Controller('bulletins')
export class BulletinsController {
  constructor(private readonly bulletins: BulletinsService) {}

  @Post()
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({
    summary:
      'Drafts the bulletin of a period (rendered in the background: rendering → draft | failed); 409 when one is published and replaces does not name it',
  })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateBulletinDto) {
    return this.bulletins.create(user, body);
  }

  @Get()
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({ summary: 'Bulletins, newest first (insurers: drafts open for preview and published ones)' })
  list(@CurrentUser() user: AuthUser) {
    return this.bulletins.list(user);
  }

  @Get(':id.pdf')
  @Roles(...REGULATOR_ROLES)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The draft or published PDF' })
  async pdf(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendFile(res, await this.bulletins.pdfOf(user, id), 'pdf', 'private, no-cache');
  }

  @Get(':id/preview')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary: "An insurer's own rows of a draft bulletin, every figure (regulators: ?orgCode=)",
  })
  @ApiQuery({ name: 'orgCode', required: false })
  preview(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query('orgCode') orgCode?: string) {
    return this.bulletins.preview(user, id, orgCode);
  }

  @Get(':id/disputes')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({ summary: 'Disputes of the draft (insurers: their own)' })
  disputes(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.bulletins.disputes(user, id);
  }

  @Post(':id/disputes')
  @Roles(...INSURER_ROLES)
  @ApiOperation({ summary: 'The insurer flags its own figures in a draft as disputed, with a comment' })
  dispute(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: DisputeDto) {
    return this.bulletins.dispute(user, id, body);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('regulator_admin')
  @ApiOperation({
    summary:
      'Publishes the reviewed draft: its PDF bytes are frozen, CSV and JSON added, SHA-256 in the audit ledger; 409 while rendering',
  })
  publish(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.bulletins.publish(user, id);
  }

  @Get(':id')
  @Roles(...REGULATOR_ROLES)
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.bulletins.get(user, id);
  }
}

/** Published bulletins and their open data, for anyone without signing in. */
@ApiTags('bulletins')
@Controller('public/bulletins')
export class PublicBulletinsController {
  constructor(private readonly bulletins: BulletinsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Published bulletins, newest period and edition first, with download links and SHA-256',
  })
  list() {
    return this.bulletins.publicList();
  }

  @Get(':id.pdf')
  @Public()
  @ApiProduces('application/pdf')
  async pdf(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return sendFile(
      res,
      await this.bulletins.publicFile(id, 'pdf'),
      'pdf',
      'public, max-age=86400, immutable',
    );
  }

  @Get(':id.csv')
  @Public()
  @ApiProduces('text/csv')
  async csv(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return sendFile(
      res,
      await this.bulletins.publicFile(id, 'csv'),
      'csv',
      'public, max-age=86400, immutable',
    );
  }

  @Get(':id.json')
  @Public()
  @ApiProduces('application/json')
  async json(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return sendFile(
      res,
      await this.bulletins.publicFile(id, 'json'),
      'json',
      'public, max-age=86400, immutable',
    );
  }
}
