import { columnsOf, type ColumnType, type Kind, type TypedRecord } from '@portal/reporting-standard';
import { copyArray, copyEscape } from './copy-text';

/** Tables and leading columns of the typed records of each kind (columns after them are the standard's keys). */
const TARGET: Readonly<Record<Kind, { table: string; lead: readonly string[] }>> = {
  callbacks: { table: 'callback_record', lead: ['period_code', 'org_code', 'submission_id', 'row_no'] },
  complaints: { table: 'complaint_record', lead: ['period_code', 'org_code', 'submission_id', 'row_no'] },
  profile: { table: 'profile_record', lead: ['submission_id', 'period_code', 'org_code'] },
};

/** The COPY field expression of one record property `v`, by column type (a JavaScript expression). */
const FIELD: Readonly<Record<ColumnType, string>> = {
  text: `'\\t' + esc(v)`,
  uscc: `'\\t' + esc(v)`,
  enum: `'\\t' + v`,
  date: `'\\t' + v`,
  integer: `'\\t' + v`,
  decimal: `'\\t' + v`,
  boolean: `(v ? '\\tt' : '\\tf')`,
  // Lists of enumeration codes: the library only lets codes through, and codes are plain identifiers.
  enumList: `'\\t{' + v.join(',') + '}'`,
  list: `'\\t' + arr(v)`,
};

type LineWriter = (record: TypedRecord, rowNo: number) => string;

/**
 * Formats typed records of one submission as COPY text lines for their table. Column names are the
 * standard's keys, so a record property maps to the column of the same name; lists are stored as text[]
 * (an empty list as `{}`, never NULL, like the typed record).
 */
export class RecordCopyFormat {
  readonly sql: string;
  /** Formats one record: a function generated once per file, with a plain property read per column. */
  readonly line: LineWriter;

  constructor(
    readonly kind: Kind,
    periodCode: string,
    orgCode: string,
    submissionId: string,
  ) {
    const target = TARGET[kind];
    // profile.org_code is in the file too (STR-011 makes it equal the submitter's); the table takes the
    // submission's own, like every other kind.
    const columns = columnsOf(kind).filter((c) => !target.lead.includes(c.key));
    // Straight into the period's partition (created with the period, named by the partition trigger): the
    // partition's own constraint still checks period_code, and COPY skips the per-row partition routing.
    const table = kind === 'profile' ? target.table : `${target.table}_${periodCode.toLowerCase()}`;
    if (!/^[a-z_]+(_\d{4}h[12])?$/.test(table)) throw new Error(`unexpected table ${table}`);
    this.sql = `COPY ${table} (${[...target.lead, ...columns.map((c) => c.key)].join(', ')}) FROM STDIN`;
    const prefix =
      kind === 'profile'
        ? `${submissionId}\t${periodCode}\t${copyEscape(orgCode)}`
        : `${periodCode}\t${copyEscape(orgCode)}\t${submissionId}\t`;
    // Millions of rows per file: a generated function (monomorphic property reads, no per-column calls
    // through an array) formats about twice as fast as a loop over the columns. Column keys come from the
    // library and are checked to be plain identifiers before they are put into code.
    let body = `var v; var s = prefix${kind === 'profile' ? '' : ' + rowNo'};\n`;
    for (const c of columns) {
      if (!/^[a-z_]+$/.test(c.key)) throw new Error(`unexpected column key ${c.key}`);
      body += `v = r.${c.key}; s += (v === null || v === undefined) ? '\\t\\\\N' : ${FIELD[c.type]};\n`;
    }
    body += `return s + '\\n';`;
    const make = new Function('esc', 'arr', 'prefix', `return function line(r, rowNo) {\n${body}\n};`);
    this.line = make(copyEscape, copyArray, prefix) as LineWriter;
  }
}
