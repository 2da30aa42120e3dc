/**
 * Passwords attackers try first (ASVS 2.1.7), checked offline — no password ever leaves the server.
 *
 * Three checks, on the lower-cased password:
 * 1. the list below: passwords of 8+ characters that head the published breach corpora (SecLists'
 *    "10k most common", the RockYou and CSDN/Tianya leaks) — shorter ones are refused by the length rule anyway;
 * 2. a common word padded with digits and symbols ("Password2026!", "qwerty123456", "woaini1314520"): the core
 *    left after stripping leading/trailing digits and symbols (and undoing @→a, 0→o, 1→l, 3→e, $→s) is a
 *    word of `COMMON_CORES`;
 * 3. no variety: one character repeated, or a run along the keyboard or the alphabet ("123456789012",
 *    "abcdefghijkl", "qwertyuiopas", "1q2w3e4r5t6y"), also when repeated ("abcabcabcabc").
 */
// prettier-ignore
const COMMON = [
  '00000000', '11111111', '12121212', '11223344', '12344321', '12341234', '123123123', '12345678',
  '123456789', '1234567890', '0123456789', '12345678910', '123456789a', 'a123456789', '1234567a',
  'a1234567', 'a12345678', 'aa123456', '123456aa', '123456abc', 'abc123456', 'abcd1234', 'abc12345',
  '1234abcd', '1234qwer', 'qwer1234', 'qwerty12', 'qwerty123', 'qwerty1234', 'qwertyui', 'qwertyuiop',
  '1qaz2wsx', '1qazxsw2', 'zaq12wsx', '!qaz2wsx', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4',
  'q1w2e3r4t5', 'q1w2e3r4t5y6', '1qaz2wsx3edc', 'qazwsxedc', 'qweasdzxc', '123qweasd', '123qweasdzxc',
  'asdfghjkl', 'asdfasdf', 'zxcvbnm1', 'zxcvbnm123', 'qwe123456', 'asd123456', 'zxc123456', 'qq123456',
  '87654321', '987654321', '9876543210', '147258369', '147852369', '123654789', '741852963', '159357456',
  '159753852', '88888888', '66666666', '99999999', '10101010', '5201314520', '52013145201314', '1314520520',
  'woaini1314', 'woaini520', 'woaini123', 'iloveyou', 'iloveyou1', 'iloveyou2', 'password', 'password1',
  'password12', 'password123', 'password1234', 'password1!', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word',
  'passpass', 'admin123', 'admin1234', 'admin12345', 'administrator', 'root1234', 'letmein1', 'changeme',
  'changeme123', 'welcome1', 'welcome123', 'sunshine', 'princess', 'football', 'baseball', 'superman',
  'batman123', 'trustno1', 'michelle', 'jennifer', 'computer', 'whatever', 'starwars', 'master123',
  'dragon123', 'monkey123', 'shadow123', 'football1', 'baseball1', 'princess1', 'sunshine1', 'jordan23',
  'internet', 'samsung1', 'liverpool', 'chelsea1', 'arsenal1', 'michael1', 'jessica1', 'charlie1',
  'letmein123', 'test1234', 'test123456', 'testtest', 'guest123', 'user1234', 'login123', 'secret123',
  'abcdefg1', 'aaaaaa11', 'asdf1234', 'zxcv1234', 'qazwsx123', 'wang123456', 'zhang123', 'li123456',
  'liu123456', 'chen123456', 'yang123456', 'huang123456', 'zhao123456', 'wu123456', 'zhou123456',
  'beijing2008', 'beijing123', 'shanghai', 'shanghai123', 'zhongguo', 'zhongguo123', 'china123',
  'woaiwojia', 'nihao123', 'baobao123', 'xiaoming', 'tiantian', 'aini1314', '1314woaini', 'caonima',
];

/** Words that, padded with digits and symbols, still make a password from the top of every list. */
// prettier-ignore
const COMMON_CORES = new Set([
  'password', 'passwd', 'pass', 'pwd', 'admin', 'administrator', 'root', 'user', 'guest', 'test', 'login',
  'welcome', 'letmein', 'changeme', 'secret', 'qwerty', 'qwertyuiop', 'asdf', 'asdfgh', 'asdfghjkl', 'zxcvbnm',
  'qazwsx', 'iloveyou', 'woaini', 'monkey', 'dragon', 'master', 'shadow', 'football', 'baseball', 'sunshine',
  'princess', 'superman', 'batman', 'abc', 'abcd', 'abcdef', 'aaa', 'default', 'portal', 'huifang', 'tousu',
  'baoxian', 'jianguan',
]);

const COMMON_SET = new Set(COMMON);
// prettier-ignore
const KEYBOARD_ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/'];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
// prettier-ignore
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'l', '3': 'e', $: 's', '5': 's', '!': 'i' };

/** True when the password is one attackers try first (see the file comment). */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON_SET.has(p)) return true;
  const core = p.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (COMMON_CORES.has(core)) return true;
  const unleet = core.replace(/[@4013$5!]/g, (c) => LEET[c] ?? c);
  if (COMMON_CORES.has(unleet) || COMMON_SET.has(unleet)) return true;
  return lacksVariety(p);
}

/** One character repeated, or a period of ≤ 4 characters repeated, or a run along a keyboard row or the alphabet. */
function lacksVariety(p: string): boolean {
  if (/^(.{1,4})\1+$/u.test(p)) return true;
  const sequences = [...KEYBOARD_ROWS, ALPHABET, '0123456789'];
  return sequences.some((s) => isRun(p, s) || isRun(p, [...s].reverse().join('')));
}

/** The password walks along `seq` (wrapping around), one step at a time, e.g. "3456789012" along the digits. */
function isRun(p: string, seq: string): boolean {
  const start = seq.indexOf(p[0]);
  if (start < 0) return false;
  for (let i = 1; i < p.length; i++) {
    if (seq[(start + i) % seq.length] !== p[i]) return false;
  }
  return true;
}
