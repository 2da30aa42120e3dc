import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../auth/auth-user';
import { INSURER_ROLES, REGULATOR_ROLES, Roles } from '../common/access';
import { GrantExtensionDto, SetDeadlinesDto } from './dto/period.dto';
import { PeriodsService } from './periods.service';

@ApiTags('periods')
@ApiBearerAuth()
@Controller()
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Get('periods')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({ summary: 'Periods known to the portal with their submission deadlines' })
  list(@CurrentUser() user: AuthUser) {
    return this.periods.listPeriods(user);
  }

  @Get('periods/:code/deadlines')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({ summary: "A period's deadline per kind with the extensions the caller may see" })
  deadlines(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    return this.periods.getDeadlines(user, code);
  }

  @Get('periods/:code/submission-status')
  @Roles(...REGULATOR_ROLES, ...INSURER_ROLES)
  @ApiOperation({
    summary: 'Per insurer × kind: submitted on time, late, or missing (insurers: themselves only)',
  })
  status(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    return this.periods.submissionStatus(user, code);
  }

  @Put('admin/periods/:code/deadlines')
  @Roles('regulator_admin')
  @ApiOperation({ summary: "Sets a period's submission deadline per kind" })
  setDeadlines(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: SetDeadlinesDto) {
    return this.periods.setDeadlines(user, code, body);
  }

  @Post('admin/periods/:code/extensions')
  @Roles('regulator_admin')
  @ApiOperation({ summary: 'Extends the deadline of one kind for every insurer or for one, with a reason' })
  grantExtension(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: GrantExtensionDto,
  ) {
    return this.periods.grantExtension(user, code, body);
  }
}
