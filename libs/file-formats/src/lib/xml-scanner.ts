import { unreadable } from './unreadable';

/** What the scanner reports, in document order (a self-closing element gives `open` then `close`). */
export interface XmlHandler {
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data with entities decoded and line ends normalised to LF; CDATA sections are not reported. */
  text(value: string): void;
}

/** Longest text run or tag kept while waiting for its end (a cell of the sheet is far smaller). */
export const MAX_PENDING_CHARS = 32 * 1024 * 1024;
const MAX_TAG_CHARS = 64 * 1024;

const malformed = (zh: string, en: string) =>
  unreadable('format', `XLSX 内容不是有效的 XML：${zh}`, `the XLSX content is not well-formed XML: ${en}`);

const TAG = /<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const BARE_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);)/;

/** Decodes the XML entities of `s` (the five predefined ones and character references); others are errors. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  if (BARE_AMPERSAND.test(s)) throw malformed('未转义的 &', 'an unescaped &');
  return s.replace(ENTITY, (_m, ref: string) => {
    if (ref.charCodeAt(0) === 0x23) {
      const code = ref.charCodeAt(1) === 0x78 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code >= 0 && code <= 0x10ffff)) throw malformed('无效的字符引用', 'invalid character reference');
      return String.fromCodePoint(code);
    }
    const named = NAMED[ref];
    if (named === undefined) throw malformed(`未定义的实体 &${ref};`, `undefined entity &${ref};`);
    return named;
  });
}

/** The value of attribute `name` in a tag's attribute text, decoded and normalised, or undefined. */
export function attribute(attributes: string, name: string): string | undefined {
  if (attributes.length === 0 || attributes.indexOf(name) < 0) return undefined;
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(attributes); m; m = ATTRIBUTE.exec(attributes)) {
    if (m[1] === name) {
      const raw = m[2] ?? m[3] ?? '';
      // attribute-value normalisation: line ends, then each whitespace character, become a space
      return decodeEntities(raw.replace(/\r\n?/g, '\n').replace(/[\t\n\r]/g, ' '));
    }
  }
  return undefined;
}

/**
 * A streaming XML scanner, just enough for spreadsheet parts: elements with attributes, character data,
 * comments, processing instructions, CDATA and a DOCTYPE (skipped). Chunks of text go in with `push`; the
 * handler hears each element and each run of character data once it is complete, so memory is bounded by
 * the longest run (MAX_PENDING_CHARS). Character data is reported as a strict XML parser reports it: whitespace between elements included, entities decoded, CRLF → LF.
 * Badly formed input (unbalanced elements, bad entities, a broken tag) is STR-010.
 */
export class XmlScanner {
  private buf = '';
  private readonly stack: string[] = [];

  constructor(private readonly handler: XmlHandler) {}

  push(chunk: string): void {
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    const done = this.scan(false);
    this.buf = done === this.buf.length ? '' : this.buf.slice(done);
    if (this.buf.length > MAX_PENDING_CHARS)
      throw malformed('单个文本或标签过长', 'one text run or tag is too long');
  }

  end(): void {
    const done = this.scan(true);
    const rest = this.buf.slice(done);
    this.buf = '';
    if (rest.trim().length > 0 || this.stack.length > 0)
      throw malformed('文件不完整（元素没有闭合）', 'the content ends inside an element');
  }

  /** Handles every complete item of the buffer; returns where the incomplete one starts. */
  private scan(final: boolean): number {
    const s = this.buf;
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        if (!final) return pos;
        this.emitText(s.slice(pos));
        return n;
      }
      if (lt > pos) this.emitText(s.slice(pos, lt));
      pos = lt;
      const c1 = s.charCodeAt(lt + 1);
      if (lt + 1 >= n) return pos;
      if (c1 === 0x3f /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) return pos;
        pos = end + 2;
      } else if (c1 === 0x21 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) return pos;
          pos = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) return pos;
          pos = end + 3;
        } else if (n - lt < 9 && !final) {
          return pos;
        } else if (s.startsWith('<!DOCTYPE', lt)) {
          const bracket = s.indexOf('[', lt);
          const gt = s.indexOf('>', lt);
          if (gt < 0) return pos;
          if (bracket >= 0 && bracket < gt) {
            const end = s.indexOf(']>', bracket);
            if (end < 0) return pos;
            pos = end + 2;
          } else pos = gt + 1;
        } else throw malformed('无法识别的 <! 声明', 'an unknown <! declaration');
      } else if (c1 === 0x2f /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) return pos;
        const name = s.slice(lt + 2, gt).trim();
        const open = this.stack.pop();
        if (open !== name)
          throw malformed(
            `</${name}> 与 <${open ?? ''}> 不匹配`,
            `</${name}> does not close <${open ?? ''}>`,
          );
        this.handler.close(name);
        pos = gt + 1;
      } else {
        TAG.lastIndex = lt;
        const m = TAG.exec(s);
        if (!m) {
          if (!final && n - lt < MAX_TAG_CHARS) return pos;
          throw malformed('标签格式错误', 'a broken tag');
        }
        const name = m[1];
        const selfClosing = m[3] === '/';
        if (!selfClosing) this.stack.push(name);
        this.handler.open(name, m[2], selfClosing);
        if (selfClosing) this.handler.close(name);
        pos = TAG.lastIndex;
      }
    }
    return pos;
  }

  private emitText(raw: string): void {
    if (raw.length === 0) return;
    if (this.stack.length === 0 && raw.trim().length > 0)
      throw malformed('根元素之外有文本', 'text outside the root element');
    const normalised = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
    this.handler.text(decodeEntities(normalised));
  }
}
