import { Module } from '@nestjs/common';
import { PeriodsModule } from '../periods/periods.module';
import { RulesModule } from '../rules/rules.module';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/**
 * Statistics (METRICS.md): computed in SQL, stored per insurer and group, served to regulators, insurers
 * (themselves) and associations (published periods). Other features use `StatsService.periodStats`,
 * `companyStats` and `recompute`.
 */
@Module({
  imports: [PeriodsModule, RulesModule],
  controllers: [StatsController],
  providers: [StatsService],
  exports: [StatsService],
})
export class StatsModule {}
