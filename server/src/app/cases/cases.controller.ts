import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { INSURER_ROLES, REGULATOR_ROLES, Roles } from '../common/access';
import { CasesService } from './cases.service';
import { HandleCaseDto, RegisterCaseDto, SupervisionDto, SupervisionSampleDto } from './dto/case.dto';

/** Regulator-forwarded complaints (转办), API.md "Regulator-forwarded complaints". Static paths before `:id`. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({
    summary: 'Registers a forwarded complaint; the deadline is forwardWorkingDays (15) working days later',
  })
  register(@CurrentUser() user: AuthUser, @Body() body: RegisterCaseDto) {
    return this.cases.register(user, body);
  }

  @Get()
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary:
      'Forwarded complaints (insurers: their own); overdue=true: open past the deadline or handled late',
  })
  @ApiQuery({ name: 'orgCode', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'handled'] })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  list(
    @CurrentUser() user: AuthUser,
    @Query('orgCode') orgCode?: string,
    @Query('status') status?: string,
    @Query('overdue') overdue?: string,
  ) {
    return this.cases.list(user, { orgCode, status, overdue });
  }

  @Get('reconciliation')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary: "The register against the insurer's latest submitted complaints file, by forward number",
  })
  @ApiQuery({ name: 'orgCode', required: false })
  @ApiQuery({ name: 'period', example: '2026H1' })
  reconcile(
    @CurrentUser() user: AuthUser,
    @Query('orgCode') orgCode?: string,
    @Query('period') period?: string,
  ) {
    return this.cases.reconcile(user, { orgCode, period });
  }

  @Get('supervision-samples')
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({ summary: 'Samples drawn for follow-up checks (督查)' })
  samples(@CurrentUser() user: AuthUser) {
    return this.cases.listSamples(user);
  }

  @Post('supervision-samples')
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({
    summary: 'Draws a reproducible random sample of handled cases (size or share, optional seed)',
  })
  drawSample(@CurrentUser() user: AuthUser, @Body() body: SupervisionSampleDto) {
    return this.cases.drawSample(user, body);
  }

  @Get('supervision-samples/:id')
  @Roles(...REGULATOR_ROLES)
  sample(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.cases.getSample(user, id);
  }

  @Get(':id')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.cases.get(user, id);
  }

  @Post(':id/handling')
  @HttpCode(200)
  @Roles(...INSURER_ROLES)
  @ApiOperation({
    summary: 'The insurer records the decision and the callback (回访单); on time = both by the deadline',
  })
  handle(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: HandleCaseDto) {
    return this.cases.handle(user, id, body);
  }

  @Post(':id/supervision')
  @HttpCode(200)
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({
    summary: 'Records the follow-up check (督查) of a handled case: agree or disagree, with a note',
  })
  supervise(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SupervisionDto) {
    return this.cases.supervise(user, id, body);
  }
}
