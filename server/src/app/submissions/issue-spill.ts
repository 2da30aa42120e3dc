import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { maskPii, type Issue } from '@portal/reporting-standard';
import { copyEscape, NULL_FIELD } from './copy-text';

/** Sort position of a file-level issue (row null) seen before / after the data rows. */
export const BEFORE_ROWS = 0;
export const AFTER_ROWS = 2 ** 31 - 1;

/** Lines written to a temporary file with backpressure (constant memory), read back by `spillLines`. */
export class LineSpill {
  private readonly out: WriteStream;
  private buffer = '';
  private failure: Error | null = null;
  count = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    // Kept and rethrown by flush/close; after `abandon()` (a failed check) it is of no interest.
    this.out.on('error', (e) => (this.failure ??= e));
  }

  addLine(line: string): void {
    this.buffer += line;
    this.count++;
  }

  /** Hands buffered lines to the file, waiting when the disk is slower than the producer. */
  async flush(force = true): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0 || (!force && this.buffer.length < 60 * 1024)) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.out.closed) return;
    this.out.end();
    await once(this.out, 'close');
    if (this.failure) throw this.failure;
  }

  /** Closes the file without waiting (after a failure). */
  abandon(): void {
    this.buffer = '';
    this.out.destroy();
  }
}

/**
 * Issues of one validation, written to a temporary file while the records stream into the COPY (one
 * connection cannot run two COPYs at once), then copied into `validation_issue` in the same transaction.
 * Each line is `position \t row \t column \t value \t rule \t severity \t params` in COPY text format;
 * `position` orders the report (the row, or BEFORE_ROWS/AFTER_ROWS for file-level issues).
 */
export class IssueSpill extends LineSpill {
  add(issue: Issue, position: number): void {
    this.addLine(issueLine(issue, position));
  }
}

/**
 * Longest value a report keeps (the standard's longest text field is 128
 * characters). A file may hold cells of up to 1 MB (CSV) or more (XLSX); echoed whole, in the value and in
 * both messages of every issue, a page of 1,000 issues or a download batch would not fit in the heap.
 */
export const MAX_ISSUE_TEXT = 200;
/** The same for string parameters, which also carry whole sentences (an unreadable file's bilingual reason). */
export const MAX_ISSUE_PARAM = 1000;

/**
 * `text` cut to `max` characters (never inside a surrogate pair) and marked with `…`. Masked again
 * after the cut: a prefix of a long digit run (not an identifier as a whole) can look like one.
 *
 * The cut is a copy of its own: a plain `slice` is a view that keeps the whole cell (up to 1 MB, and the
 * record around it) alive for as long as the issue line waits in the spill buffer — some hundreds of lines,
 * so hundreds of megabytes for a file of huge bad cells (found by the fuzz run's peak RSS).
 */
export function boundIssueText(text: string, max = MAX_ISSUE_TEXT): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return detachedCopy(maskPii(text.slice(0, end)) + '…');
}

/**
 * A short string as a flat copy that shares no memory with the (possibly huge) string it was cut from.
 * Concatenation makes a rope; slicing a rope flattens it into new memory first (V8), and the slice then
 * points into that copy.
 */
function detachedCopy(s: string): string {
  return (' ' + s).slice(1);
}

function boundParams(params: NonNullable<Issue['params']>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const k in params) {
    const v = params[k];
    out[k] = typeof v === 'string' ? boundIssueText(v, MAX_ISSUE_PARAM) : v;
  }
  return out;
}

function issueLine(i: Issue, position: number): string {
  return (
    position +
    '\t' +
    (i.row === null ? NULL_FIELD : i.row) +
    '\t' +
    (i.column === null ? NULL_FIELD : copyEscape(i.column)) +
    '\t' +
    (i.value === null ? NULL_FIELD : copyEscape(boundIssueText(i.value))) +
    '\t' +
    copyEscape(i.rule) +
    '\t' +
    i.severity +
    '\t' +
    (i.params ? copyEscape(JSON.stringify(boundParams(i.params))) : NULL_FIELD) +
    '\n'
  );
}

/** Lines of a spill file, one at a time, in constant memory. */
export async function* spillLines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const text = rest + (chunk as string);
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield rest;
}

/**
 * Calls `fn` for every line of a spill file, synchronously within each 64 KiB chunk: for files of millions of
 * lines, without one promise per line.
 */
export async function forEachLine(
  path: string,
  fn: (line: string) => void,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const text = rest + (chunk as string);
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      fn(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (afterChunk) await afterChunk();
  }
  if (rest.length > 0) fn(rest);
}

const positionOf = (line: string): number => Number(line.slice(0, line.indexOf('\t')));
const withoutPosition = (line: string): string => line.slice(line.indexOf('\t') + 1);

/**
 * Writes the issues of the spill files into a `COPY validation_issue … FROM STDIN` stream, merged by position
 * (each file is already in position order; on equal positions the earlier file comes first, so a row's
 * STR-005 follows its other issues, as in the library). Issue numbers follow that order, so paging a report
 * by issue number reads it row by row. Returns the number of issues written.
 */
export async function copyIssues(
  target: Writable,
  prefix: { periodCode: string; submissionId: string; orgCode: string },
  files: readonly string[],
): Promise<number> {
  const sources = files.map((f) => spillLines(f)[Symbol.asyncIterator]());
  const heads: (string | null)[] = await Promise.all(
    sources.map(async (s) => (await s.next()).value ?? null),
  );
  const lead = `${prefix.periodCode}\t${prefix.submissionId}\t`;
  const org = `\t${copyEscape(prefix.orgCode)}\t`;
  let issueNo = 0;
  let buffer = '';
  for (;;) {
    let pick = -1;
    let best = Infinity;
    for (let k = 0; k < heads.length; k++) {
      const h = heads[k];
      if (h === null) continue;
      const p = positionOf(h);
      if (p < best) {
        best = p;
        pick = k;
      }
    }
    const head = heads[pick];
    if (head === null || head === undefined) break;
    buffer += lead + ++issueNo + org + withoutPosition(head) + '\n';
    heads[pick] = (await sources[pick].next()).value ?? null;
    if (buffer.length >= 60 * 1024) {
      if (!target.write(buffer)) await once(target, 'drain');
      buffer = '';
    }
  }
  if (buffer.length > 0 && !target.write(buffer)) await once(target, 'drain');
  return issueNo;
}
