import { Module } from '@nestjs/common';
import { DeadlineSweepService } from './deadline-sweep.service';
import { EMAIL_ADAPTER, emailAdapterFromEnv } from './email.adapter';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Notifications inside the portal; other features import this module and call NotificationsService.notify. */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    DeadlineSweepService,
    { provide: EMAIL_ADAPTER, useFactory: () => emailAdapterFromEnv() },
  ],
  exports: [NotificationsService, DeadlineSweepService],
})
export class NotificationsModule {}
