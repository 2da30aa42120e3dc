/**
 * The parts of reporting standard v1 (shared/domain/REPORTING-STANDARD.md) the generator needs:
 * column keys in the standard's order, Chinese column names and enumeration labels.
 *
 * A private copy on purpose: @portal/reporting-standard is being written in parallel; once it is
 * stable this file can re-export from it.
 */

export type FileKind = 'callbacks' | 'complaints' | 'profile';
export const FILE_KINDS: readonly FileKind[] = ['profile', 'callbacks', 'complaints'];

export const CALLBACK_COLUMNS = [
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
export type CallbackColumn = (typeof CALLBACK_COLUMNS)[number];
export type CallbackRow = Record<CallbackColumn, string>;

export const COMPLAINT_COLUMNS = [
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
] as const;
export type ComplaintColumn = (typeof COMPLAINT_COLUMNS)[number];
export type ComplaintRow = Record<ComplaintColumn, string>;

export const PROFILE_COLUMNS = [
  'org_code',
  'premium_income',
  'new_policies',
  'policies_in_force',
  'insured_persons',
  'sales_staff',
  'employees',
] as const;
export type ProfileColumn = (typeof PROFILE_COLUMNS)[number];
export type ProfileRow = Record<ProfileColumn, string>;

export const COLUMNS: Record<FileKind, readonly string[]> = {
  callbacks: CALLBACK_COLUMNS,
  complaints: COMPLAINT_COLUMNS,
  profile: PROFILE_COLUMNS,
};

/** 中文列名 per column key. */
export const ZH_HEADERS: Record<string, string> = {
  callback_type: '回访类型',
  policy_no: '保单号',
  case_no: '案件号',
  product_type: '产品类型',
  channel: '销售渠道',
  term_months: '保险期间(月)',
  payment_mode: '缴费方式',
  policyholder_age: '投保人年龄',
  underwritten_on: '承保日期',
  receipt_signed_on: '回执签收日期',
  cooling_off_days: '犹豫期天数',
  sales_recorded: '销售过程双录',
  case_closed_on: '结案日期',
  status: '回访结果',
  method: '回访方式',
  methods_tried: '已尝试方式',
  first_attempt_on: '首次回访日期',
  completed_on: '回访完成日期',
  recording_ref: '录音编号',
  receipt_ref: '签名回执编号',
  identity_check: '身份验证方式',
  confirmed_items: '已确认事项',
  caller_is_sales: '回访人为销售人员',
  problems: '发现问题',
  problem_resolved_on: '问题处理完成日期',
  problem_resolution: '问题处理方式',
  complaint_no: '投诉编号',
  source: '投诉来源',
  forward_no: '转办编号',
  forwarded_on: '转办日期',
  received_on: '受理日期',
  category: '投诉事项',
  decided_on: '处理决定日期',
  extension: '延期处理',
  outcome: '处理结果',
  callback_on: '回访日期',
  callback_method: '回访方式',
  satisfaction: '回访满意度',
  repeat_complaint: '重复投诉',
  org_code: '机构代码',
  premium_income: '保费收入(万元)',
  new_policies: '新单件数',
  policies_in_force: '有效保单件数',
  insured_persons: '承保人次',
  sales_staff: '营销员人数',
  employees: '员工人数',
};

export const CALLBACK_TYPES = {
  new_business: '新单回访',
  claim: '理赔回访',
  policy_service: '保全回访',
  renewal: '续期/停效回访',
  orphan_policy: '离司业务员保单回访',
  satisfaction: '满意度回访',
} as const;
export type CallbackType = keyof typeof CALLBACK_TYPES;

export const PRODUCT_TYPES = {
  traditional: '普通型',
  dividend: '分红型',
  universal: '万能型',
  unit_linked: '投资连结型',
  health: '健康险',
  accident: '意外险',
  motor: '机动车辆保险',
  property: '财产险',
  other: '其他',
} as const;
export type ProductType = keyof typeof PRODUCT_TYPES;

export const CHANNELS = {
  agent: '个人代理',
  bancassurance: '银行邮政代理',
  telemarketing: '电话销售',
  internet: '互联网',
  intermediary: '专业代理/经纪',
  direct: '公司直销',
} as const;
export type Channel = keyof typeof CHANNELS;

export const PAYMENT_MODES = { single: '趸缴', periodic: '期缴' } as const;
export type PaymentMode = keyof typeof PAYMENT_MODES;

export const STATUSES = {
  success: '成功',
  failed: '未成功(联系不上等)',
  refused: '拒访',
  cancelled_before: '回访前撤单/退保',
  not_attempted: '未回访',
} as const;
export type CallbackStatus = keyof typeof STATUSES;

export const METHODS = { phone: '电话', electronic: '电子化', visit: '上门', letter: '信函' } as const;
export type Method = keyof typeof METHODS;

export const IDENTITY_CHECKS = {
  sms_code: '短信验证码',
  e_signature: '电子签名',
  id_compare: '身份证信息比对',
  face: '人脸识别',
} as const;
export type IdentityCheck = keyof typeof IDENTITY_CHECKS;

export const PROBLEMS = {
  contract_not_received: '未签收合同',
  not_self_signed: '非本人签名',
  doubt: '对回访内容有疑义',
  negative_answer: '否定回答',
  misleading_sale: '销售误导',
  other: '其他',
} as const;
export type Problem = keyof typeof PROBLEMS;

export const PROBLEM_RESOLUTIONS = {
  explained: '解释说明',
  rescinded: '撤单/退保',
  corrected: '更正',
  escalated: '移交处理',
} as const;
export type ProblemResolution = keyof typeof PROBLEM_RESOLUTIONS;

export const COMPLAINT_SOURCES = {
  regulator_forwarded: '监管转办',
  hotline: '12378热线转办',
  direct: '公司直接受理',
  mediation: '调解组织转办',
} as const;
export type ComplaintSource = keyof typeof COMPLAINT_SOURCES;

export const COMPLAINT_CATEGORIES = {
  sales: '销售纠纷',
  claims: '理赔纠纷',
  surrender: '退保纠纷',
  policy_service: '保全及保单服务',
  premium: '续期收费',
  callback: '回访',
  service_quality: '服务质量',
  other: '其他',
} as const;
export type ComplaintCategory = keyof typeof COMPLAINT_CATEGORIES;

export const EXTENSIONS = {
  none: '未延期',
  complex: '情况复杂(30日)',
  especially_complex: '特别复杂(再延长30日)',
} as const;
export type Extension = keyof typeof EXTENSIONS;

export const OUTCOMES = {
  upheld: '支持',
  partially_upheld: '部分支持',
  not_upheld: '不支持',
  withdrawn: '撤诉',
  pending: '处理中',
} as const;
export type Outcome = keyof typeof OUTCOMES;

export const SATISFACTIONS = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unreachable: '无法联系',
} as const;
export type Satisfaction = keyof typeof SATISFACTIONS;

const BOOLEAN_LABELS: Record<string, string> = { Y: '是', N: '否' };
const ITEM_LABELS: Record<string, string> = {};

/** Chinese labels of each enumerated (or list-of-enum, or boolean) column. */
export const ZH_VALUE_LABELS: Record<string, Record<string, string>> = {
  callback_type: CALLBACK_TYPES,
  product_type: PRODUCT_TYPES,
  channel: CHANNELS,
  payment_mode: PAYMENT_MODES,
  sales_recorded: BOOLEAN_LABELS,
  status: STATUSES,
  method: METHODS,
  methods_tried: METHODS,
  identity_check: IDENTITY_CHECKS,
  confirmed_items: ITEM_LABELS,
  caller_is_sales: BOOLEAN_LABELS,
  problems: PROBLEMS,
  problem_resolution: PROBLEM_RESOLUTIONS,
  source: COMPLAINT_SOURCES,
  category: COMPLAINT_CATEGORIES,
  extension: EXTENSIONS,
  outcome: OUTCOMES,
  callback_method: METHODS,
  satisfaction: SATISFACTIONS,
  repeat_complaint: BOOLEAN_LABELS,
};

/** List-valued columns (values separated by ';'). */
export const LIST_COLUMNS = new Set(['methods_tried', 'identity_check', 'confirmed_items', 'problems']);

/** Record-level compliance rules this generator deliberately breaks (RULES.md). */
export const RECORD_RULES = [
  'CB-01',
  'CB-02',
  'CB-03',
  'CB-04',
  'CB-05',
  'CB-06',
  'CB-07',
  'CB-08',
  'CB-09',
  'CB-10',
  'CB-11',
  'CL-01',
  'CP-01',
  'CP-02',
  'CP-03',
] as const;
export type RecordRule = (typeof RECORD_RULES)[number];
export type CallbackRule = Extract<RecordRule, `CB-${string}` | 'CL-01'>;
export type ComplaintRule = Extract<RecordRule, `CP-${string}`>;

export type CompanyRule = 'CB-C1' | 'CB-C2' | 'CP-C1';

export function zeroFindings(): Record<RecordRule, number> {
  const out = {} as Record<RecordRule, number>;
  for (const r of RECORD_RULES) out[r] = 0;
  return out;
}

/** Default rule parameters (RULES.md) that the generator relies on. */
export const RULE_PARAMS = {
  minTermMonths: 12,
  seniorAge: 60,
  minCoolingOffDays: 15,
  minSuccessRate: 0.9,
  maxVisitLetterShare: 0.1,
  claimCallbackWorkingDays: 5,
  problemDeadlineWorkingDays: 15,
  forwardWorkingDays: 15,
} as const;
