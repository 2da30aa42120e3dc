import { Module } from '@nestjs/common';
import { PdfModule } from '../pdf/pdf.module';
import { StatsModule } from '../stats/stats.module';
import { StatsService } from '../stats/stats.service';
import { STATS_SOURCE } from './bulletin-data';
import { BulletinsController, PublicBulletinsController } from './bulletins.controller';
import { BULLETINS_CONFIG, loadBulletinsConfig } from './bulletins.config';
import { BulletinsService } from './bulletins.service';

/** Semiannual bulletins (通报): drafts, preview and disputes, publication, public open data. */
@Module({
  imports: [PdfModule, StatsModule],
  controllers: [BulletinsController, PublicBulletinsController],
  providers: [
    BulletinsService,
    // The statistics come from the stats feature (`periodStats(period, group)` = the GET /api/stats body).
    { provide: STATS_SOURCE, useExisting: StatsService },
    { provide: BULLETINS_CONFIG, useFactory: () => loadBulletinsConfig() },
  ],
  exports: [BulletinsService],
})
export class BulletinsModule {}
