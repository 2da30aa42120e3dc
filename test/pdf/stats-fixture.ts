/**
 * Statistics in the shape of `GET /api/stats` (METRICS.md keys), made up deterministically for rendering
 * tests and the benchmark: every rate is derived from its counts by the METRICS.md formulas, so the figures
 * are consistent with each other. Not real data and not a stand-in for the stats feature's computations.
 */
export type Group = 'life' | 'property';

const SYLLABLES = [
  '长乐',
  '云岫',
  '澄江',
  '青禾',
  '松韵',
  '锦川',
  '远帆',
  '明湖',
  '栖霞',
  '望舒',
  '晴川',
  '溪山',
  '星垣',
  '翠屏',
  '鸣泉',
  '皓月',
  '临川',
  '枫桥',
  '岚峰',
  '沧浪',
  '泰和',
  '安澜',
  '嘉禾',
  '瑞丰',
  '恒通',
  '永昌',
  '华盛',
  '锦程',
  '海晏',
  '金穗',
  '九州',
  '天衡',
  '德润',
  '福瑞',
  '康宁',
  '鼎信',
  '弘泰',
  '汇丰',
  '兴邦',
  '民生',
];
const CATEGORIES = [
  'sales',
  'claims',
  'surrender',
  'policy_service',
  'premium',
  'callback',
  'service_quality',
  'other',
];

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

/** A valid-looking 18-character organisation code (unique per index; not checked by the renderer). */
export function fixtureOrgCode(group: Group, i: number): string {
  return `91110000${group === 'life' ? 'L' : 'P'}${String(i).padStart(9, '0')}`;
}

export function fixtureName(group: Group, i: number): string {
  const a = SYLLABLES[i % SYLLABLES.length];
  const b = Math.floor(i / SYLLABLES.length);
  return `${a}${b ? SYLLABLES[(i * 7 + b) % SYLLABLES.length] : ''}${group === 'life' ? '人寿' : '财产'}保险股份有限公司`;
}

export interface FixtureOptions {
  period: string;
  group: Group;
  companies: number;
  seed?: number;
  /** Scales every count (e.g. 0.9 for a previous period). */
  scale?: number;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function statsFixture(o: FixtureOptions): Record<string, unknown> {
  const rnd = prng((o.seed ?? 7) * 7919 + (o.group === 'life' ? 1 : 2) * 104729 + o.companies);
  const scale = o.scale ?? 1;
  const int = (lo: number, hi: number) => Math.floor(lo + rnd() * (hi - lo + 1));
  const raw = Array.from({ length: o.companies }, (_, i) => {
    const premiumIncome = Math.round((5_000 + rnd() * 900_000) * scale * 100) / 100;
    const policiesInForce = Math.round(premiumIncome * (2 + rnd() * 4));
    const insuredPersons = Math.round(policiesInForce * (1 + rnd()));
    const total =
      Math.max(0, Math.round((premiumIncome / 10_000) * (2 + rnd() * 12) * scale)) + (i % 9 === 8 ? 0 : 5);
    const byCategory: Record<string, number> = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
    for (let k = 0; k < total; k++)
      byCategory[CATEGORIES[Math.min(7, Math.floor(rnd() * rnd() * 8 + (k % 3)))]]++;
    const forwarded = int(0, 6);
    const forwardedCalledBack = i % 11 === 3 ? Math.max(0, forwarded - 1) : forwarded;
    const decided = Math.round(total * 0.9);
    const due = o.group === 'life' ? Math.round((premiumIncome / 100) * (0.5 + rnd())) : 0;
    const refused = Math.round(due * 0.01);
    const cancelledBefore = Math.round(due * 0.02);
    const base = due - refused - cancelledBefore;
    const successRateTarget = i % 13 === 5 ? 0.86 : 0.92 + rnd() * 0.07;
    const succeeded = Math.min(base, Math.round(base * successRateTarget));
    const visit = i % 17 === 6 ? Math.round(succeeded * 0.09) : Math.round(succeeded * 0.02);
    const letter = i % 17 === 6 ? Math.round(succeeded * 0.06) : Math.round(succeeded * 0.01);
    const electronic = Math.round((succeeded - visit - letter) * 0.3);
    const phone = succeeded - visit - letter - electronic;
    const problemsFound = Math.round(succeeded * 0.01);
    return {
      orgCode: fixtureOrgCode(o.group, i),
      name: fixtureName(o.group, i),
      foundedOn: `${1996 + (i % 25)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      profile: {
        premiumIncome,
        newPolicies: Math.round(policiesInForce * 0.2),
        policiesInForce,
        insuredPersons,
        salesStaff: int(100, 20_000),
        employees: int(200, 8_000),
      },
      callbacks: {
        due,
        succeeded,
        refused,
        cancelledBefore,
        notAttempted: Math.max(0, base - succeeded - int(0, 5)),
        successRate: ratio(succeeded, base),
        onTime: Math.round(succeeded * 0.97),
        onTimeRate: ratio(Math.round(succeeded * 0.97), base),
        byMethod: { phone, electronic, visit, letter },
        visitLetterShare: ratio(visit + letter, succeeded),
        problemsFound,
        problemsResolved: Math.round(problemsFound * 0.8),
        misleadingFound: Math.round(problemsFound * 0.3),
      },
      complaints: {
        total,
        byCategory,
        decidedWithinLimit: ratio(Math.round(decided * 0.95), decided),
        upheldRate: ratio(Math.round(decided * 0.4), decided),
        repeatRate: ratio(Math.round(total * 0.05), total),
        forwarded: {
          total: forwarded,
          onTime: Math.max(0, forwarded - (i % 7 === 2 ? 1 : 0)),
          callbackRate: ratio(forwardedCalledBack, forwarded),
        },
        satisfiedRate: ratio(Math.round(total * 0.7), Math.round(total * 0.85)),
      },
    };
  });
  const groupPremium = raw.reduce((a, c) => a + c.profile.premiumIncome, 0);
  const groupTotal = raw.reduce((a, c) => a + c.complaints.total, 0);
  const companies = raw.map((c) => ({
    ...c,
    profile: { ...c.profile, marketShare: c.profile.premiumIncome / groupPremium },
    complaints: {
      ...c.complaints,
      share: ratio(c.complaints.total, groupTotal),
      per100mPremium: ratio(c.complaints.total, c.profile.premiumIncome / 10_000),
      per10kPolicies: ratio(c.complaints.total, c.profile.policiesInForce / 10_000),
      per10kInsured: ratio(c.complaints.total, c.profile.insuredPersons / 10_000),
      complaintIndex: ratio(
        ratio(c.complaints.total, groupTotal) ?? 0,
        c.profile.premiumIncome / groupPremium,
      ),
    },
  }));
  const groupRate = groupTotal / (groupPremium / 10_000);
  const ranked = companies
    .filter((c) => c.complaints.total >= 30)
    .sort(
      (a, b) =>
        (a.complaints.per100mPremium ?? 0) - (b.complaints.per100mPremium ?? 0) ||
        a.complaints.total - b.complaints.total,
    );
  const withRank = companies.map((c) => {
    const rank = ranked.indexOf(c);
    const size = c.profile.premiumIncome / 10_000;
    const limit = 3.09 * Math.sqrt(groupRate / size);
    const rate = c.complaints.per100mPremium ?? groupRate;
    return { ...c, rank: rank < 0 ? null : rank + 1, outlier: Math.abs(rate - groupRate) > limit };
  });
  const sum = (f: (c: (typeof companies)[number]) => number) => companies.reduce((a, c) => a + f(c), 0);
  const due = sum((c) => c.callbacks.due);
  const succeeded = sum((c) => c.callbacks.succeeded);
  const reach = due - sum((c) => c.callbacks.refused) - sum((c) => c.callbacks.cancelledBefore);
  return {
    period: o.period,
    group: o.group,
    industry: {
      profile: { premiumIncome: groupPremium, policiesInForce: sum((c) => c.profile.policiesInForce) },
      callbacks: {
        due,
        succeeded,
        refused: sum((c) => c.callbacks.refused),
        cancelledBefore: sum((c) => c.callbacks.cancelledBefore),
        successRate: ratio(succeeded, reach),
        onTime: sum((c) => c.callbacks.onTime),
        onTimeRate: ratio(
          sum((c) => c.callbacks.onTime),
          reach,
        ),
        byMethod: {
          phone: sum((c) => c.callbacks.byMethod.phone),
          electronic: sum((c) => c.callbacks.byMethod.electronic),
          visit: sum((c) => c.callbacks.byMethod.visit),
          letter: sum((c) => c.callbacks.byMethod.letter),
        },
      },
      complaints: {
        total: groupTotal,
        per100mPremium: groupRate,
        byCategory: Object.fromEntries(
          CATEGORIES.map((k) => [k, sum((c) => c.complaints.byCategory[k] ?? 0)]),
        ),
        forwarded: {
          total: sum((c) => c.complaints.forwarded.total),
          onTime: sum((c) => c.complaints.forwarded.onTime),
        },
      },
    },
    companies: withRank,
  };
}
