import { unreadable } from './unreadable';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Default bound on one record (row) of a CSV file, quotes and line breaks included. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * A cell as a string of its own. A cell sliced out of a record joined from pieces is a view into that record
 * (up to 1 MB): a short cell kept a while (say the value of an issue, waiting to be written) would keep the
 * whole record alive. Concatenation makes a rope and slicing a rope flattens it into new memory first (V8),
 * so the slice points into a copy of the cell only. (Cells of records parsed within one chunk stay views into
 * that chunk: a chunk is small, and copying every cell would slow the normal path.)
 */
function detachedCopy(s: string): string {
  return s.length < 16 ? s : (' ' + s).slice(1);
}

/** Where the scan of an unfinished record stands (see `CsvParser.scanToEnd`). */
const enum Scan {
  /** At the start of a field. */
  FieldStart,
  /** Inside an unquoted field. */
  Unquoted,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: an escaped quote (`""`) or the closing one. */
  QuoteInQuoted,
  /** Just after a CR ending the record: a LF may follow. */
  AfterCr,
}

/**
 * A streaming RFC 4180 parser: comma separated, fields optionally in double quotes, `""` inside quotes is one
 * quote, quoted fields may hold commas and line breaks; records end with CRLF, LF or a lone CR.
 *
 * Text arrives in chunks of any size (`push`), complete records go to `onRecord` as arrays of strings, and only
 * the unfinished record is carried over — memory stays bounded by `maxRecordChars` however large the file:
 * a record longer than that (typically an unclosed quote swallowing the rest of the file) is STR-010.
 * A quote that is never closed by the end of the file, and text between a closing quote and the next
 * separator (`"a"b,`), are STR-010 too. A quote inside an unquoted field (`5" screen`) is kept as a
 * character, as spreadsheet programs do.
 *
 * A record spanning chunks is kept as the list of its pieces and scanned only once, piece by piece, for its
 * end (a small state machine); it is joined into one string only when that end has arrived, and refused as
 * soon as it passes the bound. (Re-joining and re-parsing the whole unfinished record at every chunk would
 * copy a 1 MB row some 16 times over, as large-object garbage that only a full collection frees.)
 */
export class CsvParser {
  /** The unfinished record, in pieces (each scanned already). */
  private pending: string[] = [];
  private pendingChars = 0;
  private scan = Scan.FieldStart;
  /** Parsing a joined record: its cells are copied out of it (see `detachedCopy`). */
  private detach = false;
  private records = 0;

  constructor(
    private readonly onRecord: (cells: string[]) => void,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {}

  /** Records completed so far. */
  get recordCount(): number {
    return this.records;
  }

  push(text: string): void {
    if (text.length === 0) return;
    let from = 0;
    if (this.pendingChars > 0) {
      const end = this.scanToEnd(text);
      if (end < 0) {
        if (this.pendingChars + text.length > this.maxRecordChars) throw this.tooLong();
        this.pending.push(text);
        this.pendingChars += text.length;
        return;
      }
      if (this.pendingChars + end > this.maxRecordChars) throw this.tooLong();
      this.pending.push(end === text.length ? text : text.slice(0, end));
      const record = this.pending.join('');
      this.clearPending();
      this.detach = true;
      try {
        this.parse(record, true, 0);
      } finally {
        this.detach = false;
      }
      from = end;
      if (from === text.length) return;
    }
    const done = this.parse(text, false, from);
    if (done === text.length) return;
    if (text.length - done > this.maxRecordChars) throw this.tooLong();
    const rest = done === 0 ? text : text.slice(done);
    if (this.scanToEnd(rest) >= 0) throw new Error('CsvParser: an unfinished record has an end');
    this.pending.push(rest);
    this.pendingChars = rest.length;
  }

  end(): void {
    if (this.pendingChars === 0) return;
    const record = this.pending.join('');
    this.clearPending();
    this.detach = true;
    this.parse(record, true, 0);
  }

  private clearPending(): void {
    this.pending = [];
    this.pendingChars = 0;
    this.scan = Scan.FieldStart;
  }

  /**
   * Continues the scan of the unfinished record into `t`: the offset in `t` just after the record's end (its
   * line break), or -1 when `t` does not finish the record (the scan state is kept). Text after a closing
   * quote is reported here, as the parse would.
   */
  private scanToEnd(t: string): number {
    const n = t.length;
    let state = this.scan;
    let i = 0;
    while (i < n) {
      switch (state) {
        case Scan.Quoted: {
          const q = t.indexOf('"', i);
          if (q < 0) {
            i = n;
            break;
          }
          i = q + 1;
          state = Scan.QuoteInQuoted;
          break;
        }
        case Scan.QuoteInQuoted: {
          const c = t.charCodeAt(i++);
          if (c === QUOTE) state = Scan.Quoted;
          else if (c === COMMA) state = Scan.FieldStart;
          else if (c === LF) return i;
          else if (c === CR) state = Scan.AfterCr;
          else throw this.textAfterQuote();
          break;
        }
        case Scan.AfterCr:
          return t.charCodeAt(i) === LF ? i + 1 : i;
        case Scan.FieldStart:
          if (t.charCodeAt(i) === QUOTE) {
            i++;
            state = Scan.Quoted;
            break;
          }
          state = Scan.Unquoted;
          break;
        case Scan.Unquoted: {
          while (i < n) {
            const c = t.charCodeAt(i++);
            if (c === COMMA) {
              state = Scan.FieldStart;
              break;
            }
            if (c === LF) return i;
            if (c === CR) {
              state = Scan.AfterCr;
              break;
            }
          }
          break;
        }
      }
    }
    this.scan = state;
    return -1;
  }

  /** Parses complete records of `s` from `i`; returns where the unfinished one starts (s.length when none). */
  private parse(s: string, final: boolean, i: number): number {
    const n = s.length;
    const max = this.maxRecordChars;
    while (i < n) {
      const start = i;
      const cells: string[] = [];
      let ended = false;
      while (!ended) {
        if (i < n && s.charCodeAt(i) === QUOTE) {
          // quoted field
          let value = '';
          let from = i + 1;
          let j = from;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q < 0) {
              if (!final) return start;
              throw unreadable(
                'quoting',
                `第 ${this.records + 1} 行的引号没有闭合，直到文件结尾`,
                `the quote opened in row ${this.records + 1} is never closed before the end of the file`,
              );
            }
            if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(from, q + 1);
              j = from = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) return start;
            value += s.slice(from, q);
            i = q + 1;
            break;
          }
          cells.push(value);
          if (i >= n) {
            if (!final) return start;
            ended = true;
            break;
          }
          const c = s.charCodeAt(i);
          if (c === COMMA) {
            i++;
            if (i >= n && !final) return start;
            if (i >= n) {
              cells.push('');
              ended = true;
            }
          } else if (c === LF) {
            i++;
            ended = true;
          } else if (c === CR) {
            if (i + 1 >= n && !final) return start;
            i += i + 1 < n && s.charCodeAt(i + 1) === LF ? 2 : 1;
            ended = true;
          } else {
            throw this.textAfterQuote();
          }
        } else {
          // unquoted field
          let j = i;
          let c = 0;
          while (j < n) {
            c = s.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          if (j >= n) {
            if (!final) return start;
            cells.push(s.slice(i, j));
            i = j;
            ended = true;
            break;
          }
          cells.push(s.slice(i, j));
          if (c === COMMA) {
            i = j + 1;
            if (i >= n) {
              if (!final) return start;
              cells.push('');
              ended = true;
            }
          } else if (c === LF) {
            i = j + 1;
            ended = true;
          } else {
            if (j + 1 >= n && !final) return start;
            i = j + (j + 1 < n && s.charCodeAt(j + 1) === LF ? 2 : 1);
            ended = true;
          }
        }
      }
      if (i - start > max) throw this.tooLong();
      this.records++;
      if (this.detach) for (let k = 0; k < cells.length; k++) cells[k] = detachedCopy(cells[k]);
      this.onRecord(cells);
    }
    return n;
  }

  private textAfterQuote() {
    return unreadable(
      'quoting',
      `第 ${this.records + 1} 行：引号闭合后紧跟其他字符（应为逗号或换行）`,
      `row ${this.records + 1}: text after a closing quote (a comma or line break must follow)`,
    );
  }

  private tooLong() {
    const mb = Math.round(this.maxRecordChars / 1024 / 1024);
    return unreadable(
      'quoting',
      `第 ${this.records + 1} 行超过 ${mb} MB（常见原因：引号没有闭合）`,
      `row ${this.records + 1} is longer than ${mb} MB (often an unclosed quote)`,
    );
  }
}
