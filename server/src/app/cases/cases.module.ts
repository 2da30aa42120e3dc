import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

/** Regulator-forwarded complaints (信访转办) and their follow-up checks (督查). */
@Module({
  imports: [NotificationsModule],
  controllers: [CasesController],
  providers: [CasesService],
  exports: [CasesService],
})
export class CasesModule {}
