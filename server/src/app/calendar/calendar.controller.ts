import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Param,
  Put,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CalendarNotCoveredError, isIsoDate } from '@portal/calendar';
import { CurrentUser, type AuthUser } from '../auth/auth-user';
import { Public, Roles } from '../common/access';
import { CalendarScheduleService } from './calendar-schedule.service';
import { CalendarService, type CoveredYear } from './calendar.service';

/** Upper bound for `workingDays`: about four years of working days; more is a typo, not a deadline. */
export const MAX_WORKING_DAYS = 1000;

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly schedules: CalendarScheduleService,
  ) {}

  @Get('calendar/deadline')
  @Public()
  @ApiOperation({
    summary: 'The date N working days after `from` (official holiday schedule, 调休 included)',
  })
  @ApiQuery({ name: 'from', example: '2026-02-10' })
  @ApiQuery({ name: 'workingDays', example: 15 })
  async deadline(
    @Query('from') from?: string,
    @Query('workingDays') workingDays?: string,
  ): Promise<{ from: string; workingDays: number; deadline: string }> {
    if (typeof from !== 'string' || !isIsoDate(from)) {
      throw new BadRequestException(
        `from 须为有效日期 YYYY-MM-DD，实际为 ${show(from)} / from must be a valid YYYY-MM-DD date, got ${show(from)}`,
      );
    }
    if (
      typeof workingDays !== 'string' ||
      !/^\d{1,4}$/.test(workingDays) ||
      Number(workingDays) > MAX_WORKING_DAYS
    ) {
      throw new BadRequestException(
        `workingDays 须为 0–${MAX_WORKING_DAYS} 的整数，实际为 ${show(workingDays)} / ` +
          `workingDays must be an integer from 0 to ${MAX_WORKING_DAYS}, got ${show(workingDays)}`,
      );
    }
    const n = Number(workingDays);
    try {
      const deadline = await this.calendar.compute((cal) => cal.addWorkingDays(from, n));
      return { from, workingDays: n, deadline };
    } catch (err) {
      if (err instanceof CalendarNotCoveredError) throw new UnprocessableEntityException(err.message);
      throw err;
    }
  }

  @Get('calendar/years')
  @Public()
  @ApiOperation({
    summary: 'Years the working-day calendar covers, with the notice each schedule comes from',
  })
  async years(): Promise<CoveredYear[]> {
    await this.calendar.fresh();
    return this.calendar.coveredYears();
  }

  @Put('admin/calendar/:year')
  @Roles('regulator_admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Load (or correct) a year's holiday schedule as data; in force at once, no deploy",
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['holidays', 'makeupWorkdays', 'source'],
      properties: {
        holidays: { type: 'array', items: { type: 'string', format: 'date' } },
        makeupWorkdays: { type: 'array', items: { type: 'string', format: 'date' } },
        source: { type: 'string', example: '国办发明电〔2026〕X号' },
      },
    },
  })
  load(@CurrentUser() user: AuthUser, @Param('year') year: string, @Body() body: unknown) {
    return this.schedules.load(user, year, body);
  }
}

function show(v: unknown): string {
  return v === undefined ? '（空）/ (missing)' : `'${String(v).slice(0, 32)}'`;
}
