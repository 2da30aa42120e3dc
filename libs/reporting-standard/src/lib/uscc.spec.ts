import { buildUscc, checkUscc, isValidUscc, orgCodeCheckCharacter, usccCheckCharacter } from './uscc';

describe('unified social credit code (GB 32100-2015)', () => {
  // Codes of real companies, as printed on their business licences.
  it.each([
    ['914403007109307395', '中国平安人寿保险股份有限公司'],
    ['9144030071526726XG', '深圳市腾讯计算机系统有限公司'],
    ['91440300100012316L', '深圳企业（营业执照公开信息）'],
  ])('accepts %s (%s)', (code) => {
    expect(checkUscc(code)).toEqual({ valid: true });
  });

  it('rejects a wrong final check character', () => {
    expect(checkUscc('914403007109307396')).toEqual({ valid: false, problem: 'checkCharacter' });
  });

  it('rejects a wrong organisation-code check character (position 17) even if the last one were recomputed', () => {
    const first16 = '9144030071093073';
    const wrong17 = first16 + '0'; // correct is '9'
    const code = wrong17 + usccCheckCharacter(wrong17);
    expect(checkUscc(code)).toEqual({ valid: false, problem: 'orgCodeCheck' });
  });

  it.each([
    ['', 'length'],
    ['91440300710930739', 'length'],
    ['9144030071093073950', 'length'],
    ['91440300710930739I', 'charset'], // I is not in the GB 32100 alphabet
    ['914403007109307S95', 'charset'],
    ['91A403007109307395', 'division'],
    ['9144030071526726xg', 'charset'], // lower case is not accepted
  ])('rejects %j (%s)', (code, problem) => {
    const result = checkUscc(code);
    expect(result.valid).toBe(false);
    if (problem !== 'length') expect(result.problem).toBe(problem);
  });

  it('computes the GB 11714 check character, with X for 10 and 0 for 11', () => {
    expect(orgCodeCheckCharacter('71093073')).toBe('9');
    expect(orgCodeCheckCharacter('71526726')).toBe('X');
  });

  it('builds valid codes that survive a round trip, and every single-character change is caught', () => {
    const code = buildUscc('91', '110000', 'MA01ABCD');
    expect(isValidUscc(code)).toBe(true);
    for (let i = 0; i < 18; i++) {
      const changed = code.slice(0, i) + (code[i] === '1' ? '2' : '1') + code.slice(i + 1);
      expect(isValidUscc(changed)).toBe(false);
    }
  });
});
