import { AuditEntry } from '../audit/audit-entry.entity';
import { LoginFailure } from '../auth/login-failure.entity';
import { Organisation } from '../orgs/organisation.entity';
import { Period, PeriodDeadline } from '../periods/period.entity';
import { RuleCatalogVersion } from '../rules/rule-catalog-version.entity';
import { CallbackRecord } from '../submissions/callback-record.entity';
import { ComplaintRecord } from '../submissions/complaint-record.entity';
import { ProfileRecord } from '../submissions/profile-record.entity';
import { Submission } from '../submissions/submission.entity';
import { SubmissionRuleCount, ValidationIssue } from '../submissions/validation-issue.entity';
import { User } from '../users/user.entity';
import { CalendarSchedule } from '../calendar/calendar-schedule.entity';
import { ForwardedComplaint } from '../cases/forwarded-complaint.entity';
import { SupervisionSample, SupervisionSampleItem } from '../cases/supervision-sample.entity';
import { Notification, NotificationRead } from '../notifications/notification.entity';
import { PeriodExtension } from '../periods/period-extension.entity';
import {
  StatsCalendarDay,
  StatsCalendarFill,
  StatsGroupPeriod,
  StatsOrgPeriod,
  StatsSubmissionClass,
} from '../stats/stats.entity';
import { Bulletin, BulletinDispute } from '../bulletins/bulletin.entity';
import {
  SelfInspection,
  SelfInspectionReport,
  SelfInspectionReportVersion,
  SelfInspectionSample,
  SelfInspectionSampleItem,
} from '../self-inspection/self-inspection.entity';

/** Every entity; the schema itself is defined by the migrations and checked against these for drift. */
export const ENTITIES = [
  Organisation,
  User,
  Period,
  PeriodDeadline,
  RuleCatalogVersion,
  Submission,
  CallbackRecord,
  ComplaintRecord,
  ProfileRecord,
  ValidationIssue,
  SubmissionRuleCount,
  AuditEntry,
  LoginFailure,
  // Deadlines: calendar, forwarded complaints, reporting calendar, notifications.
  CalendarSchedule,
  PeriodExtension,
  ForwardedComplaint,
  SupervisionSample,
  SupervisionSampleItem,
  Notification,
  NotificationRead,
  // Statistics: per insurer and group, and the working-day table they use.
  StatsOrgPeriod,
  StatsGroupPeriod,
  StatsCalendarDay,
  StatsCalendarFill,
  StatsSubmissionClass,
  // Bulletins.
  Bulletin,
  BulletinDispute,
  // Self-inspection: notices, reports and their signed versions, recording-review samples.
  SelfInspection,
  SelfInspectionReport,
  SelfInspectionReportVersion,
  SelfInspectionSample,
  SelfInspectionSampleItem,
];
