import { isCommonPassword } from './common-passwords';
import { passwordProblem } from './passwords';

describe('isCommonPassword (ASVS 2.1.7)', () => {
  it.each([
    'password1234',
    'PASSWORD1234',
    'Password2026!',
    'P@ssw0rd2026',
    'qwertyuiop12',
    '1q2w3e4r5t6y',
    '1qaz2wsx3edc',
    '123456789012',
    '098765432109',
    'abcdefghijkl',
    'zyxwvutsrqpo',
    'aaaaaaaaaaaa',
    'abcabcabcabc',
    '121212121212',
    'woaini1314520',
    'iloveyou2026',
    '2026welcome!!',
    'admin@123456',
    'huifang2026!!',
    'qq123456',
  ])('refuses %s', (p) => expect(isCommonPassword(p)).toBe(true));

  it.each([
    'a-long-enough-password',
    'reg-analyst-password-1',
    'demo-pass-2026',
    'correct horse battery staple',
    '监管分析 correct horse battery',
    '回访投诉监管报送平台的口令',
    'Tr0ub4dor&3-xkcd',
    '7f3k-Qp9z-LmA2',
  ])('accepts %s', (p) => expect(isCommonPassword(p)).toBe(false));
});

describe('passwordProblem', () => {
  it('counts characters, not UTF-16 units, and refuses the username and common passwords', () => {
    expect(passwordProblem('😀😀😀😀😀😀', false)).toMatch(/at least 12/); // 12 UTF-16 units, 6 characters
    expect(passwordProblem('回访投诉监管报送平台口令', false)).toBeNull(); // 12 characters
    expect(passwordProblem('Life-Submitter-01', false, 'life-submitter-01')).toMatch(/username/);
    expect(passwordProblem('password123456', false)).toMatch(/too common/);
    expect(passwordProblem('x'.repeat(257), false)).toMatch(/too long/);
    expect(passwordProblem('demo-pass-2026', true)).toBeNull();
  });
});
