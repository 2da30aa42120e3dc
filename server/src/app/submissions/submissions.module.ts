import { Module } from '@nestjs/common';
import { PeriodsModule } from '../periods/periods.module';
import { RulesModule } from '../rules/rules.module';
import { IssueReportService } from './issue-report.service';
import { OwnerDb } from './owner-db';
import { SubmissionQueue } from './submission-queue';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';
import { ValidationWorker } from './validation.worker';

/**
 * Submissions (报送): streaming upload, the validation queue and worker (file → rules → COPY), reports,
 * versions and sign-off.
 */
@Module({
  imports: [PeriodsModule, RulesModule],
  controllers: [SubmissionsController],
  providers: [SubmissionsService, IssueReportService, SubmissionQueue, ValidationWorker, OwnerDb],
  exports: [SubmissionsService],
})
export class SubmissionsModule {}
