import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { INSURER_ROLES, REGULATOR_ROLES, Roles } from '../common/access';
import { RecomputeStatsDto } from './dto/recompute.dto';
import { StatsService } from './stats.service';
import { overviewCsv, writeOverviewXlsx } from './stats-export';
import { RulesService } from '../rules/rules.service';

const READERS = [...REGULATOR_ROLES, 'association_reader' as const];

/** Statistics (API.md "Statistics and rules"; METRICS.md). Static paths before `:orgCode`. */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly rules: RulesService,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Every insurer of a period with the group blocks and the industry (associations: periods with a published bulletin)',
  })
  @ApiQuery({ name: 'period', example: '2026H1' })
  @ApiQuery({ name: 'group', required: false, enum: ['life', 'property'] })
  @ApiOkResponse({
    description: 'PeriodStatsDto (METRICS.md keys); gzip when accepted; ETag / If-None-Match',
  })
  async overview(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
    @Query('period') period: string,
    @Query('group') group?: string,
  ): Promise<void> {
    const payload = await this.stats.periodStatsPayload(user, period, group);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', payload.etag);
    res.setHeader('Vary', 'Accept-Encoding, Authorization');
    if (req.headers['if-none-match'] === payload.etag) {
      res.status(304).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(payload.gzip);
    } else {
      res.end(payload.json);
    }
  }

  @Get('export.csv')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The period overview as CSV (UTF-8 with BOM, one row per insurer, METRICS.md keys)',
  })
  @ApiQuery({ name: 'period', example: '2026H1' })
  @ApiQuery({ name: 'group', required: false, enum: ['life', 'property'] })
  async exportCsv(
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
    @Query('period') period: string,
    @Query('group') group?: string,
  ): Promise<void> {
    const stats = await this.stats.periodStatsFor(user, period, group);
    const catalog = await this.rules.catalog(stats.catalogVersion);
    const body = overviewCsv(stats, catalog, this.stats.parsePeriod(stats.period));
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="stats-${stats.period}${group ? '-' + stats.group : ''}.csv"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  }

  @Get('export.xlsx')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The period overview as XLSX (rates formatted as percentages, values unrounded)' })
  @ApiQuery({ name: 'period', example: '2026H1' })
  @ApiQuery({ name: 'group', required: false, enum: ['life', 'property'] })
  async exportXlsx(
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
    @Query('period') period: string,
    @Query('group') group?: string,
  ): Promise<void> {
    const stats = await this.stats.periodStatsFor(user, period, group);
    const catalog = await this.rules.catalog(stats.catalogVersion);
    res.status(200);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="stats-${stats.period}${group ? '-' + stats.group : ''}.xlsx"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    await writeOverviewXlsx(stats, catalog, this.stats.parsePeriod(stats.period), res);
  }

  @Get('periods')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary: 'Periods with at least one submitted version (insurers: their own), newest first',
  })
  periods(@CurrentUser() user: AuthUser) {
    return this.stats.periodsWithData(user);
  }

  @Post('recompute')
  @HttpCode(200)
  @Roles('regulator_admin')
  @ApiOperation({ summary: 'Recomputes the statistics of a period (or one insurer of it) now; audited' })
  recompute(@CurrentUser() user: AuthUser, @Body() body: RecomputeStatsDto) {
    return this.stats.recomputeFor(user, body.period, body.orgCode);
  }

  @Get(':orgCode')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary:
      'One insurer (insurers: only themselves) with its group medians; the company object at top level',
  })
  @ApiQuery({ name: 'period', example: '2026H1' })
  company(@CurrentUser() user: AuthUser, @Param('orgCode') orgCode: string, @Query('period') period: string) {
    return this.stats.companyStatsFor(user, period, orgCode);
  }

  @Get(':orgCode/trend')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary: "One insurer's figures across its last periods with submitted data (oldest first)",
  })
  @ApiQuery({ name: 'periods', required: false, example: 6 })
  trend(
    @CurrentUser() user: AuthUser,
    @Param('orgCode') orgCode: string,
    @Query('periods') periods?: string,
  ) {
    const n = periods === undefined ? 6 : Number(periods);
    return this.stats.trendFor(user, orgCode, Number.isInteger(n) ? n : 6);
  }
}
