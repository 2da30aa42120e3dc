/** `profile` rows (经营数据): one row per insurer and period. */
import { parsePeriod, type Period } from './dates';
import type { DemoOrg } from './orgs';
import { Rng } from './prng';
import type { ProfileRow } from './standard';

export interface ProfileOptions {
  seed: number;
  org: DemoOrg;
  period: string | Period;
}

export interface ProfileFigures {
  premiumIncome: number;
  newPolicies: number;
  policiesInForce: number;
  insuredPersons: number;
  salesStaff: number;
  employees: number;
}

/** Premium income in cents of 万元 (integer), so the 2-decimal text is exact. */
function premiumCents(org: DemoOrg, p: Period, rng: Rng): number {
  const yearTrend = 1 + 0.05 * (p.year - 2025 + (p.half === 2 ? 0.5 : 0));
  const season = p.half === 1 ? org.h1Factor : 1;
  const jitter = 0.96 + 0.08 * rng.next();
  return Math.round(org.profile.premium * yearTrend * season * jitter * 100);
}

export function profileFigures(opts: ProfileOptions): ProfileFigures {
  const { org, seed } = opts;
  const p = typeof opts.period === 'string' ? parsePeriod(opts.period) : opts.period;
  const rng = Rng.derive(seed, org.code, p.code, 'profile');
  const cents = premiumCents(org, p, rng);
  const yi = cents / 100 / 10000; // 亿元
  const base = org.profile.premium / 10000;
  const j = () => 0.95 + 0.1 * rng.next();
  const newPolicies = Math.round(yi * org.profile.newPoliciesPer100m * j());
  const policiesInForce = Math.round(base * org.profile.inForcePer100m * (1 + 0.02 * (p.year - 2025)) * j());
  return {
    premiumIncome: cents / 100,
    newPolicies,
    policiesInForce,
    insuredPersons: Math.round(newPolicies * org.profile.insuredPerPolicy * j()),
    salesStaff: Math.round(base * org.profile.salesStaffPer100m * j()),
    employees: Math.round(base * org.profile.employeesPer100m * j()),
  };
}

function fmtMoney(v: number): string {
  const cents = Math.round(v * 100);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function profileRow(opts: ProfileOptions): ProfileRow {
  const f = profileFigures(opts);
  return {
    org_code: opts.org.code,
    premium_income: fmtMoney(f.premiumIncome),
    new_policies: String(f.newPolicies),
    policies_in_force: String(f.policiesInForce),
    insured_persons: String(f.insuredPersons),
    sales_staff: String(f.salesStaff),
    employees: String(f.employees),
  };
}

export function* generateProfile(opts: ProfileOptions): Generator<ProfileRow> {
  yield profileRow(opts);
}
