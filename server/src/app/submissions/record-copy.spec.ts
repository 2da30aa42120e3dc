import { columnsOf, KINDS, type CallbackRecord } from '@portal/reporting-standard';
import { copyUnescape } from './copy-text';
import { RecordCopyFormat } from './record-copy';

describe('RecordCopyFormat', () => {
  const id = '00000000-0000-4000-8000-000000000001';

  it("copies into the period's partition (no per-row routing), the profile into its plain table", () => {
    expect(new RecordCopyFormat('callbacks', '2026H1', '914403007109307395', id).sql).toMatch(
      /^COPY callback_record_2026h1 \(period_code, org_code, submission_id, row_no, /,
    );
    expect(new RecordCopyFormat('complaints', '2025H2', '914403007109307395', id).sql).toMatch(
      /^COPY complaint_record_2025h2 \(/,
    );
    expect(new RecordCopyFormat('profile', '2025H2', '914403007109307395', id).sql).toMatch(
      /^COPY profile_record \(submission_id, period_code, org_code, /,
    );
    expect(() => new RecordCopyFormat('callbacks', "2026H1'; --", '914403007109307395', id)).toThrow();
  });

  it('writes every column of the standard, in the COPY column order, with the submission identity', () => {
    const f = new RecordCopyFormat('callbacks', '2026H1', '914403007109307395', id);
    const record = {
      callback_type: 'claim',
      policy_no: 'P-1',
      case_no: 'C\t1\\x',
      product_type: 'health',
      channel: 'agent',
      term_months: 12,
      payment_mode: 'single',
      policyholder_age: 40,
      underwritten_on: '2026-01-02',
      receipt_signed_on: null,
      cooling_off_days: null,
      sales_recorded: null,
      case_closed_on: '2026-02-01',
      status: 'success',
      method: 'phone',
      methods_tried: ['electronic', 'phone'],
      first_attempt_on: '2026-02-02',
      completed_on: '2026-02-02',
      recording_ref: 'R-1',
      receipt_ref: null,
      identity_check: [],
      confirmed_items: [],
      caller_is_sales: false,
      problems: [],
      problem_resolved_on: null,
      problem_resolution: null,
    } satisfies CallbackRecord;
    const line = f.line(record, 7);
    expect(line.endsWith('\n')).toBe(true);
    const fields = line.slice(0, -1).split('\t');
    const columns = /\(([^)]*)\)/.exec(f.sql)![1].split(', ');
    expect(fields).toHaveLength(columns.length);
    const byColumn = Object.fromEntries(columns.map((c, i) => [c, copyUnescape(fields[i])]));
    expect(byColumn).toMatchObject({
      period_code: '2026H1',
      org_code: '914403007109307395',
      submission_id: id,
      row_no: '7',
      case_no: 'C\t1\\x',
      term_months: '12',
      receipt_signed_on: null,
      caller_is_sales: 'f',
      methods_tried: '{electronic,phone}',
      identity_check: '{}',
    });
  });

  it('takes the profile org_code from the submission, not from the file', () => {
    const f = new RecordCopyFormat('profile', '2026H1', '914403007109307395', id);
    expect(f.sql.match(/org_code/g)).toHaveLength(1);
  });

  it('relies on enumeration codes being plain identifiers (lists of codes are written unquoted)', () => {
    for (const kind of KINDS)
      for (const c of columnsOf(kind))
        if (c.type === 'enumList')
          for (const v of c.enumDef!.values) expect(v.code).toMatch(/^[A-Za-z0-9_]+$/);
  });
});
