import { Module } from '@nestjs/common';
import { CalendarScheduleService } from './calendar-schedule.service';
import { CalendarController } from './calendar.controller';

/** The working-day calendar's API; CalendarService itself is global (CoreModule). */
@Module({
  controllers: [CalendarController],
  providers: [CalendarScheduleService],
})
export class CalendarModule {}
