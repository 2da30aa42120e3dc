import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeriodsController } from './periods.controller';
import { PeriodsService } from './periods.service';

/**
 * The reporting calendar. Other features import this module for `PeriodsService.ensurePeriod(code)` (create a
 * period with its default deadlines on first use), `effectiveDeadline(...)` and `onTimeSubmissionRate(...)`.
 */
@Module({
  imports: [NotificationsModule],
  controllers: [PeriodsController],
  providers: [PeriodsService],
  exports: [PeriodsService],
})
export class PeriodsModule {}
