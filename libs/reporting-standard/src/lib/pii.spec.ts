import { MOBILE, RESIDENT_ID } from './testing/fixtures';
import {
  containsPii,
  detectPii,
  findPii,
  isResidentIdNumber,
  maskPii,
  residentIdCheckCharacter,
} from './pii';

/** An ID number with a valid check digit for the given first 17 digits. */
function id(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

describe('resident ID numbers', () => {
  it('accepts a number with a valid ISO 7064 MOD 11-2 check digit', () => {
    expect(isResidentIdNumber(RESIDENT_ID)).toBe(true);
    expect(isResidentIdNumber(RESIDENT_ID.toLowerCase())).toBe(true);
    expect(isResidentIdNumber(id('44030419900307123'))).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    const good = id('44030419900307123');
    const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    expect(isResidentIdNumber(wrong)).toBe(false);
    expect(detectPii(wrong)).toBeNull();
  });

  it('rejects an implausible birth date or an unknown province', () => {
    expect(isResidentIdNumber(id('44030419900230123'))).toBe(false); // 1990-02-30
    expect(isResidentIdNumber(id('44030418500101123'))).toBe(false); // 1850
    expect(isResidentIdNumber(id('99030419900307123'))).toBe(false); // province 99
    expect(isResidentIdNumber('4403041990030712')).toBe(false);
  });

  it('finds an ID number inside longer text but not inside a longer run of digits', () => {
    expect(detectPii(`身份证:${RESIDENT_ID};`)).toBe('resident_id');
    expect(detectPii(`ID${RESIDENT_ID}`)).toBe('resident_id');
    expect(detectPii(`9${RESIDENT_ID}`)).toBeNull();
    expect(detectPii(`${RESIDENT_ID.slice(0, 17)}`)).toBeNull();
  });
});

describe('mobile numbers', () => {
  it.each([
    MOBILE,
    '13812345678',
    '19912345678',
    '+8613812345678',
    '8613812345678',
    '008613812345678',
    '+86 138 1234 5678',
    '138-1234-5678',
    '电话:13812345678。',
    'P13812345678',
    '１３８１２３４５６７８',
  ])('detects %p', (value) => {
    expect(detectPii(value)).toBe('mobile');
    expect(containsPii(value)).toBe(true);
  });

  it.each([
    '12812345678', // 1 followed by 2 is not a mobile prefix
    '10012345678',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '2026013812345678', // inside a 16-digit policy number
    'P-2026-0001',
    '20260302',
    '',
  ])('ignores %p', (value) => {
    expect(detectPii(value)).toBeNull();
  });
});

describe('maskPii', () => {
  it('masks ID numbers as 1101**********123X', () => {
    expect(maskPii(RESIDENT_ID)).toBe('1101**********002X');
    expect(maskPii(`证件 ${RESIDENT_ID} 号`)).toBe('证件 1101**********002X 号');
  });

  it('masks mobile numbers as 138****5678, keeping prefix and separators', () => {
    expect(maskPii('13812345678')).toBe('138****5678');
    expect(maskPii('+86 138-1234-5678')).toBe('+86 138-****-5678');
    expect(maskPii('tel:13812345678,13912345678')).toBe('tel:138****5678,139****5678');
  });

  it('masks both kinds in one value, is idempotent and leaves other text alone', () => {
    const masked = maskPii(`${RESIDENT_ID}/${MOBILE}`);
    expect(masked).toBe('1101**********002X/139****5678');
    expect(maskPii(masked)).toBe(masked);
    expect(maskPii('P-0001')).toBe('P-0001');
    expect(maskPii('2026013812345678')).toBe('2026013812345678');
  });

  it('lists matches with their kind', () => {
    expect(findPii(`a ${MOBILE} b ${RESIDENT_ID}`).map((m) => m.kind)).toEqual(['mobile', 'resident_id']);
  });
});
