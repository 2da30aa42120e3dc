import {
  buildBulletinContent,
  bulletinCsv,
  defaultTitle,
  median,
  periodLabel,
  previousPeriod,
} from './bulletin-content';
import { normalizePeriodStats } from './bulletin-data';

const company = (orgCode: string, name: string, over: Record<string, unknown> = {}) => ({
  orgCode,
  name,
  rank: 1,
  outlier: { 'complaints.per100mPremium': 'high', 'callbacks.successRate': null },
  profile: { premiumIncome: 20000, foundedOn: '2001-02-03' },
  callbacks: { due: 100, succeeded: 85, successRate: 0.85, visitLetterShare: 0.12 },
  complaints: {
    total: 40,
    per100mPremium: 20,
    byCategory: { claims: 30, sales: 10 },
    forwarded: { callbackRate: 0.5 },
  },
  ...over,
});

describe('bulletin content', () => {
  it('names periods and titles', () => {
    expect(periodLabel('2026H1')).toBe('2026年上半年');
    expect(previousPeriod('2026H1')).toBe('2025H2');
    expect(previousPeriod('2026H2')).toBe('2026H1');
    expect(defaultTitle('2025H2')).toBe('关于2025年下半年保险消费投诉及回访情况的通报');
    expect(median([3, null, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([null])).toBeNull();
  });

  it('normalises the stats answer: missing figures are null, absent categories 0, outliers by rate', () => {
    const s = normalizePeriodStats(
      { companies: [company('A00000000000000001', '甲人寿'), { orgCode: 'B' }] },
      '2026H1',
      'life',
    );
    expect(s.companies[0]).toMatchObject({
      outlier: true,
      foundedOn: '2001-02-03',
      complaints: { total: 40, share: null, byCategory: { claims: 30, sales: 10, other: 0 } },
    });
    expect(s.companies[1]).toMatchObject({
      name: 'B',
      outlier: null,
      complaints: { total: null, byCategory: { claims: null } },
    });
  });

  const content = () =>
    buildBulletinContent({
      meta: {
        period: '2026H2',
        edition: 1,
        title: defaultTitle('2026H2'),
        documentNo: null,
        issuer: '监管局',
        issuedOn: '2027-02-10',
        catalogVersion: 1,
        dataCutoff: '2027-02-01T00:00:00.000Z',
        replaces: null,
      },
      thresholds: { minSuccessRate: 0.9, maxVisitLetterShare: 0.1, minForwardedCallbackRate: 1 },
      rules: [],
      current: [
        normalizePeriodStats(
          {
            industry: {},
            companies: [
              company('A00000000000000001', '=甲人寿,"有限"'),
              company('A00000000000000002', '乙人寿', {
                rank: null,
                callbacks: { due: 10, succeeded: 10, successRate: 0.95, visitLetterShare: 0.02 },
              }),
            ],
          },
          '2026H2',
          'life',
        ),
      ],
      previous: [
        normalizePeriodStats(
          { companies: [company('A00000000000000001', '甲人寿', { complaints: { total: 50 } })] },
          '2026H1',
          'life',
        ),
      ],
      inspectionFindings: null,
    });

  it('names the insurers below the success line and above the visit/letter line, and sums the industry', () => {
    const g = content().groups[0];
    expect(g.belowSuccessLine.map((n) => n.orgCode)).toEqual(['A00000000000000001']);
    expect(g.aboveVisitLetterLine.map((n) => n.orgCode)).toEqual(['A00000000000000001']);
    expect(g.forwardedNotAllCalledBack.map((n) => n.value)).toEqual([0.5, 0.5]);
    expect(g.industry).toMatchObject({ complaintsTotal: 80, premiumIncome: 40000, callbacksDue: 110 });
    expect(g.change.complaintsTotal).toBe(30);
    expect(g.fullYear?.complaintsTotal).toBe(130);
    expect(g.companies.map((c) => c.orgCode)).toEqual(['A00000000000000001', 'A00000000000000002']);
  });

  it('writes the CSV with a header, one row per insurer, quoting and formula protection', () => {
    const csv = bulletinCsv(content()).toString('utf8');
    const lines = csv.split('\r\n');
    expect(lines[0].startsWith('orgCode,name,group,foundedOn,rank,outlier,')).toBe(true);
    expect(lines[1].startsWith('A00000000000000001,"\'=甲人寿,""有限""",life,2001-02-03,1,true,20000,')).toBe(
      true,
    );
    expect(lines[2]).toContain(',,'); // nulls are empty cells
    expect(lines).toHaveLength(4); // header, two rows, final CRLF
  });
});
