import { InitialSchema1764028800000 } from './1764028800000-initial-schema';
import { TenantIsolation1764115200000 } from './1764115200000-tenant-isolation';
import { DeadlinesAndCases1764288000000 } from './1764288000000-deadlines-and-cases';
import { Submissions1764201600000 } from './1764201600000-submissions';
import { Statistics1764374400000 } from './1764374400000-statistics';
import { Bulletins1764460800000 } from './1764460800000-bulletins';
import { SelfInspection1764547200000 } from './1764547200000-self-inspection';
import { AuthAccountAndStatsClasses1764633600000 } from './1764633600000-auth-account-and-stats-classes';
import { TokenVersion1764720000000 } from './1764720000000-token-version';
import { LocalRulePacks1764806400000 } from './1764806400000-local-rule-packs';

/** Every migration, in order. The server runs them at start; `npm run migrate` runs them by hand. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  InitialSchema1764028800000,
  TenantIsolation1764115200000,
  DeadlinesAndCases1764288000000,
  Submissions1764201600000,
  Statistics1764374400000,
  Bulletins1764460800000,
  SelfInspection1764547200000,
  AuthAccountAndStatsClasses1764633600000,
  TokenVersion1764720000000,
  LocalRulePacks1764806400000,
];
