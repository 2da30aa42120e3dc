/** Test support: a small callbacks file with known problems, as CSV text and as rows. */

export const ORG_CODE = '914403007109307395';
export const OTHER_ORG_CODE = '9144030071526726XG';

export const CALLBACK_KEYS = [
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
] as const;

export const CALLBACK_HEADERS_ZH = [
  '回访类型',
  '保单号',
  '案件号',
  '产品类型',
  '销售渠道',
  '保险期间(月)',
  '缴费方式',
  '投保人年龄',
  '承保日期',
  '回执签收日期',
  '犹豫期天数',
  '销售过程双录',
  '结案日期',
  '回访结果',
  '回访方式',
  '已尝试方式',
  '首次回访日期',
  '回访完成日期',
  '录音编号',
  '签名回执编号',
  '身份验证方式',
  '已确认事项',
  '回访人为销售人员',
  '发现问题',
  '问题处理完成日期',
  '问题处理方式',
];

type Row = Partial<Record<(typeof CALLBACK_KEYS)[number], string>>;

const NEW_BUSINESS: Row = {
  callback_type: 'new_business',
  policy_no: 'P-0001',
  product_type: 'traditional',
  channel: 'agent',
  term_months: '120',
  payment_mode: 'periodic',
  policyholder_age: '40',
  underwritten_on: '2026-02-25',
  receipt_signed_on: '2026-03-02',
  cooling_off_days: '15',
  sales_recorded: 'N',
  status: 'success',
  method: 'phone',
  first_attempt_on: '2026-03-05',
  completed_on: '2026-03-05',
  recording_ref: 'REC-1',
  confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6;Q7',
  caller_is_sales: 'N',
};

const CLAIM: Row = {
  callback_type: 'claim',
  policy_no: 'P-0002',
  case_no: 'CL-1',
  product_type: 'health',
  channel: 'agent',
  term_months: '12',
  payment_mode: 'single',
  policyholder_age: '50',
  underwritten_on: '2025-05-01',
  case_closed_on: '2026-03-02',
  status: 'success',
  method: 'phone',
  first_attempt_on: '2026-03-03',
  completed_on: '2026-03-03',
  recording_ref: 'REC-2',
  caller_is_sales: 'N',
};

export const MOBILE = '13912345678';

/** Rows 2–8 of the file, and what each one breaks. */
export const CALLBACK_ROWS: readonly { row: Row; breaks: string | null }[] = [
  { row: NEW_BUSINESS, breaks: null },
  { row: { ...NEW_BUSINESS, policy_no: 'P-0003', recording_ref: '' }, breaks: 'CB-04' },
  { row: CLAIM, breaks: null },
  { row: { ...NEW_BUSINESS, policy_no: 'P-0004', product_type: 'banana' }, breaks: 'STR-004' },
  { row: { ...NEW_BUSINESS, recording_ref: 'REC-9' }, breaks: 'STR-005' },
  { row: { ...NEW_BUSINESS, policy_no: 'P-0005', recording_ref: MOBILE }, breaks: 'PII-001' },
  { row: { ...CLAIM, policy_no: 'P-0006', case_no: '' }, breaks: 'STR-006' },
];

/** The counts per rule the file must give. */
export const EXPECTED_COUNTS: Readonly<Record<string, number>> = {
  'CB-04': 1,
  'STR-004': 1,
  'STR-005': 1,
  'PII-001': 1,
  'STR-006': 1,
};

const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The file as CSV text; `zh`: Chinese headers. */
export function callbacksCsv(opts: { zh?: boolean; eol?: string } = {}): string {
  const eol = opts.eol ?? '\r\n';
  const header = (opts.zh ? CALLBACK_HEADERS_ZH : CALLBACK_KEYS).map(field).join(',');
  const lines = CALLBACK_ROWS.map(({ row }) => CALLBACK_KEYS.map((k) => field(row[k] ?? '')).join(','));
  return [header, ...lines].join(eol) + eol;
}

/** The rows as cell arrays in header order (for spreadsheets). */
export function callbackCells(): string[][] {
  return CALLBACK_ROWS.map(({ row }) => CALLBACK_KEYS.map((k) => row[k] ?? ''));
}
