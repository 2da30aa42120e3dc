import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PdfModule } from '../pdf/pdf.module';
import { RulesModule } from '../rules/rules.module';
import { StatsModule } from '../stats/stats.module';
import { SampleService } from './sample.service';
import { SelfInspectionController } from './self-inspection.controller';
import { SelfInspectionService } from './self-inspection.service';

/**
 * Self-inspection (自查): notices, reports pre-filled from the statistics, the recording-review sample,
 * sign-off with the PDF (shared renderer, `templates/self-inspection/`), and the regulator's review.
 */
@Module({
  imports: [PdfModule, StatsModule, RulesModule, NotificationsModule],
  controllers: [SelfInspectionController],
  providers: [SelfInspectionService, SampleService],
  exports: [SelfInspectionService],
})
export class SelfInspectionModule {}
