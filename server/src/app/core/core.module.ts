import { Global, Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { TenantDb } from '../database/tenant-db.service';

/** Services every feature uses: tenant-scoped transactions, the audit ledger, the working-day calendar. */
@Global()
@Module({
  providers: [TenantDb, AuditService, CalendarService],
  exports: [TenantDb, AuditService, CalendarService],
})
export class CoreModule {}
