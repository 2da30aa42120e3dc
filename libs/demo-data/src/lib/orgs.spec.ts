import { isValidUscc } from '@portal/reporting-standard';
import { DEMO_ORGS, findOrg, LIFE_ORGS, PROPERTY_ORGS } from './orgs';
import { containsIdNumber, containsMobile } from './pii';

describe('demo orgs', () => {
  it('has 12 life and 8 property insurers', () => {
    expect(DEMO_ORGS).toHaveLength(20);
    expect(LIFE_ORGS).toHaveLength(12);
    expect(PROPERTY_ORGS).toHaveLength(8);
  });

  it('uses valid, unique unified social credit codes with prefix 91', () => {
    const codes = new Set<string>();
    for (const o of DEMO_ORGS) {
      expect(isValidUscc(o.code)).toBe(true);
      expect(o.code.startsWith('91')).toBe(true);
      expect(o.code.slice(2, 8)).toBe(o.division);
      expect(containsIdNumber(o.code) || containsMobile(o.code)).toBe(false);
      codes.add(o.code);
    }
    expect(codes.size).toBe(20);
  });

  it('has unique Chinese names and tags matching the group', () => {
    expect(new Set(DEMO_ORGS.map((o) => o.name)).size).toBe(20);
    expect(new Set(DEMO_ORGS.map((o) => o.tag)).size).toBe(20);
    for (const o of LIFE_ORGS) expect(o.name).toMatch(/(人寿|健康)保险(股份)?有限公司$/);
    for (const o of PROPERTY_ORGS) expect(o.name).toMatch(/财产保险股份有限公司$/);
    for (const o of DEMO_ORGS) expect(o.foundedOn < '2025-01-01').toBe(true);
  });

  it('is stable (codes do not depend on the demo seed)', () => {
    expect(DEMO_ORGS.map((o) => o.code)).toMatchSnapshot();
  });

  it('finds orgs by code, tag or short name', () => {
    const o = DEMO_ORGS[3];
    expect(findOrg(o.code)).toBe(o);
    expect(findOrg(o.tag.toLowerCase())).toBe(o);
    expect(findOrg(o.shortName)).toBe(o);
    expect(findOrg('nope')).toBeUndefined();
  });
});
