import {
  CALLBACK_COLUMNS,
  COMPLAINT_COLUMNS,
  PROFILE_COLUMNS,
  columnByKey,
  columnName,
  describeExpected,
  KIND_DEFS,
} from './columns';

describe('column definitions', () => {
  it('lists every column of the standard in order', () => {
    expect(CALLBACK_COLUMNS.map((c) => c.key)).toEqual([
      'callback_type',
      'policy_no',
      'case_no',
      'product_type',
      'channel',
      'term_months',
      'payment_mode',
      'policyholder_age',
      'underwritten_on',
      'receipt_signed_on',
      'cooling_off_days',
      'sales_recorded',
      'case_closed_on',
      'status',
      'method',
      'methods_tried',
      'first_attempt_on',
      'completed_on',
      'recording_ref',
      'receipt_ref',
      'identity_check',
      'confirmed_items',
      'caller_is_sales',
      'problems',
      'problem_resolved_on',
      'problem_resolution',
    ]);
    expect(COMPLAINT_COLUMNS.map((c) => c.key)).toEqual([
      'complaint_no',
      'source',
      'forward_no',
      'forwarded_on',
      'received_on',
      'product_type',
      'category',
      'channel',
      'decided_on',
      'extension',
      'outcome',
      'callback_on',
      'callback_method',
      'satisfaction',
      'repeat_complaint',
    ]);
    expect(PROFILE_COLUMNS.map((c) => c.key)).toEqual([
      'org_code',
      'premium_income',
      'new_policies',
      'policies_in_force',
      'insured_persons',
      'sales_staff',
      'employees',
    ]);
  });

  it('carries headers, types, limits and requirements', () => {
    expect(columnByKey('term_months')).toMatchObject({
      header: '保险期间(月)',
      type: 'integer',
      min: 1,
      max: 1200,
      required: 'always',
    });
    expect(columnByKey('policy_no')).toMatchObject({
      maxLength: 64,
      pattern: '^[A-Za-z0-9-]+$',
      piiScan: true,
    });
    expect(columnByKey('recording_ref')).toMatchObject({ maxLength: 128, required: 'optional' });
    expect(columnByKey('case_no')?.requiredWhen).toMatchObject({
      column: 'callback_type',
      in: ['claim', 'policy_service'],
    });
    expect(columnByKey('method')?.requiredWhen).toMatchObject({
      column: 'status',
      notIn: ['not_attempted', 'cancelled_before'],
    });
    expect(columnByKey('decided_on')?.requiredWhen).toMatchObject({
      column: 'outcome',
      notIn: ['withdrawn', 'pending'],
    });
    expect(columnByKey('premium_income')).toMatchObject({ type: 'decimal', decimals: 2, min: 0 });
    expect(columnByKey('org_code')?.type).toBe('uscc');
    expect(columnByKey('cooling_off_days')).toMatchObject({ min: 0, max: 60 });
    expect(columnByKey('policyholder_age')).toMatchObject({ min: 0, max: 120 });
  });

  it('scans every text-like column for PII and no number or date column', () => {
    for (const k of Object.values(KIND_DEFS)) {
      for (const c of k.columns) {
        expect(c.piiScan).toBe(['text', 'enum', 'list', 'enumList'].includes(c.type));
        expect(c.description.zh.length).toBeGreaterThan(0);
        expect(c.description.en.length).toBeGreaterThan(0);
        if (c.required === 'conditional') expect(c.requiredWhen?.text.zh).toBeTruthy();
      }
    }
  });

  it('describes columns in both languages', () => {
    expect(columnName('policy_no', 'zh')).toBe('保单号(policy_no)');
    expect(columnName('policy_no', 'en')).toBe('policy_no');
    expect(describeExpected(columnByKey('term_months')!, 'zh')).toBe('1–1200的整数');
    expect(describeExpected(columnByKey('term_months')!, 'en')).toBe('a whole number from 1 to 1200');
  });
});
