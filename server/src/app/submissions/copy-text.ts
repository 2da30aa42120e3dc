/**
 * PostgreSQL COPY text format (the default `COPY … FROM STDIN`): one line per row, tab between columns,
 * `\N` for NULL, and backslash escapes for backslash, tab, line feed and carriage return.
 */

export const NULL_FIELD = '\\N';

/** One value as a COPY text field. NUL cannot be stored in PostgreSQL text and becomes U+FFFD. */
export function copyEscape(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 92) return escapeSlow(s);
  }
  return s;
}

function escapeSlow(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) out += '\\\\';
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 0) out += '\uFFFD';
    else if (c < 32) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += s[i];
  }
  return out;
}

/** The inverse of `copyEscape` for a field read back with `COPY … TO STDOUT` (null for `\N`). */
export function copyUnescape(field: string): string | null {
  if (field === NULL_FIELD) return null;
  if (field.indexOf('\\') < 0) return field;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const ch = field[i];
    if (ch !== '\\' || i + 1 >= field.length) {
      out += ch;
      continue;
    }
    const next = field[++i];
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(field.slice(i + 1, i + 3));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += 'x';
        break;
      }
      default:
        if (next >= '0' && next <= '7') {
          const digits = /^[0-7]{1,3}/.exec(field.slice(i, i + 3))?.[0] ?? next;
          out += String.fromCharCode(parseInt(digits, 8));
          i += digits.length - 1;
        } else out += next;
    }
  }
  return out;
}

const PLAIN_ELEMENT = /^[A-Za-z0-9_]+$/;

/** A text[] value as a COPY field: `{a,b}`; elements quoted when they are not plain codes. */
export function copyArray(items: readonly string[]): string {
  let plain = true;
  for (const item of items) {
    if (!PLAIN_ELEMENT.test(item)) {
      plain = false;
      break;
    }
  }
  if (plain) return '{' + items.join(',') + '}';
  const quoted = items.map((item) => '"' + item.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"');
  return copyEscape('{' + quoted.join(',') + '}');
}
