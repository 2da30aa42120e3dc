/**
 * Rule catalog v1 (RULES.md) as data: code, title, severity, scope, the kinds a rule applies to, citation,
 * default parameters, enabled flag and message templates in Chinese and English.
 *
 * A published catalog never changes; a regulator switches a rule off or changes a parameter by publishing
 * a new version (`resolveCatalog(base, overrides)`), without a deploy. The rule logic lives in `rules/`,
 * one small function per code; it reads its parameters from the catalog it is given.
 *
 * Message templates use `{name}` placeholders, filled by `formatMessage` (messages.ts):
 * - `{column}`, `{value}`: the column (its Chinese name and key in Chinese) and masked value;
 * - `{details}`: the per-column list of a multi-column data error, rendered with the rule's `detail` template;
 * - `{reasons}`: the rule's `reasons` templates named in `params.reasons`;
 * - `{p}`: the issue parameter p; `{p:column}` / `{p:columns}`: a column key / comma list as column names;
 *   `{p:kind}`: a file kind; `{p:ENUM}` the labels of the code(s) in p (ENUM a name in `ENUMS`);
 *   `{p:ENUM:code}`: codes with their labels.
 */
import { ENUMS } from './enums';
import { parseDateString } from './parsers';
import type { Bilingual, Kind, Severity } from './types';

export const CATALOG_VERSION = 1;

export type RuleScope = 'record' | 'company' | 'file';
export type ParamValue = number | boolean | string | readonly string[];

export interface ParamSpec {
  readonly type: 'integer' | 'number' | 'boolean' | 'codes';
  readonly min?: number;
  readonly max?: number;
  /** For `codes`: the enumeration (a name in `ENUMS`) the codes come from. */
  readonly enumName?: string;
  readonly description: Bilingual;
}

export interface RuleDefinition {
  readonly code: string;
  readonly title: Bilingual;
  readonly severity: Severity;
  readonly scope: RuleScope;
  readonly kinds: readonly Kind[];
  readonly citation: Bilingual;
  /** Caveats on the source (e.g. a figure that could not be confirmed nationally). */
  readonly note?: Bilingual;
  /** The rule applies to periods that end on or after `effectiveFrom` and start on or before `effectiveTo`. */
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  readonly enabled: boolean;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly paramSpecs: Readonly<Record<string, ParamSpec>>;
  /** The message, and variants chosen by `params.variant` of an issue. */
  readonly message: Bilingual;
  readonly variants?: Readonly<Record<string, Bilingual>>;
  /** For multi-column data errors: one item of `{details}`. */
  readonly detail?: Bilingual;
  /** Texts for the codes in `params.reasons`. */
  readonly reasons?: Readonly<Record<string, Bilingual>>;
}

export interface Catalog {
  readonly version: number;
  /** The version this one was derived from (null for the base catalog). */
  readonly basedOn: number | null;
  readonly rules: readonly RuleDefinition[];
  /**
   * Local packs published with this version, by jurisdiction (a 6-digit GB/T 2260 administrative division
   * code, e.g. `110000` 北京市). In an effective catalog (`catalogFor`) only the pack applied.
   */
  readonly localPacks?: Readonly<Record<string, LocalPack>>;
  /** Set on an effective catalog (`catalogFor`): the jurisdiction whose pack was applied; null = national. */
  readonly jurisdiction?: string | null;
}

/** Words used inside messages (kinds of identifier, the "always required" condition, …). */
export const VOCABULARY: Readonly<Record<string, Bilingual>> = Object.freeze({
  resident_id: { zh: '身份证号', en: 'resident ID number' },
  mobile: { zh: '手机号', en: 'mobile number' },
  always: { zh: '必填', en: 'always required' },
  noValue: { zh: '空', en: 'empty' },
});

/** How every message is framed: where (row) and why (rule, title, citation). */
export const MESSAGE_FRAME: Readonly<Record<'row' | 'basis', Bilingual>> = Object.freeze({
  row: { zh: '第{row}行：', en: 'Row {row}: ' },
  basis: { zh: '（{code}“{title}”；依据：{citation}）', en: ' ({code} "{title}"; basis: {citation})' },
});

// ---- building blocks --------------------------------------------------------------------------------

const STANDARD_ZH = '回访与投诉数据报送标准 v1';
const STANDARD_EN = 'Reporting standard v1 (callbacks, complaints, profile)';
const standard = (zh: string, en: string): Bilingual => ({
  zh: `${STANDARD_ZH}·${zh}`,
  en: `${STANDARD_EN}, ${en}`,
});

const BASIC_ZH = '人身保险业务基本服务规定';
const BASIC_EN = 'Basic Service Rules for Personal Insurance Business (CIRC Order 2010 No. 4)';
const TRACE_ZH = '保险销售行为可回溯管理暂行办法';
const TRACE_EN = 'Interim Measures for the Traceability of Insurance Sales Conduct (CIRC 保监发〔2017〕54号)';
const ECALL_ZH = '电子化回访通知';
const ECALL_EN = 'CBIRC Notice on Promoting Electronic Callbacks for Personal Insurance (2020)';
const CHINALIFE_ZH = '中国人寿客户回访管理办法';
const CHINALIFE_EN = 'China Life Customer Callback Management Measures';
const BEIJING_ZH = '北京保险业信访回访和督查制度';
const BEIJING_EN = 'Beijing Insurance Industry Petition Callback and Inspection System (2007)';
const COMPLAINTS_ZH = '银行业保险业消费投诉处理管理办法 (银保监会令2020年第3号)';
const COMPLAINTS_EN =
  'Measures for Handling Consumer Complaints in Banking and Insurance (CBIRC Order 2020 No. 3)';

const ALL_KINDS: readonly Kind[] = ['callbacks', 'complaints', 'profile'];
const CALLBACKS: readonly Kind[] = ['callbacks'];
const COMPLAINTS: readonly Kind[] = ['complaints'];
const ROW_KINDS: readonly Kind[] = ['callbacks', 'complaints'];

const MIN_TERM_SPEC: ParamSpec = {
  type: 'integer',
  min: 0,
  max: 1200,
  description: {
    zh: '新单回访规则只检查回访类型为新单回访且保险期间（月）大于该值的记录',
    en: 'CB rules check only new_business rows with term_months greater than this',
  },
};
const CB_SCOPE = { params: { minTermMonths: 12 }, paramSpecs: { minTermMonths: MIN_TERM_SPEC } };

const ITEMS_SPEC = (zh: string, en: string): ParamSpec => ({
  type: 'codes',
  enumName: 'confirmed_items',
  description: { zh, en },
});

type Draft = Omit<RuleDefinition, 'effectiveFrom' | 'effectiveTo' | 'enabled' | 'params' | 'paramSpecs'> &
  Partial<Pick<RuleDefinition, 'params' | 'paramSpecs'>>;

function rule(d: Draft): RuleDefinition {
  return { effectiveFrom: null, effectiveTo: null, enabled: true, params: {}, paramSpecs: {}, ...d };
}

// ---- the catalog ------------------------------------------------------------------------------------

const RULES_V1: readonly RuleDefinition[] = [
  // -- data errors (block submission) --
  rule({
    code: 'STR-001',
    title: { zh: '必填列缺失', en: 'required column missing' },
    severity: 'error',
    scope: 'file',
    kinds: ALL_KINDS,
    citation: standard(
      '表头（缺少必填列为错误，逐一列明）',
      'header names (a missing required column is an error)',
    ),
    message: {
      zh: '缺少{count}个必填列：{columns:columns}。',
      en: 'Missing {count} required column(s): {columns:columns}.',
    },
  }),
  rule({
    code: 'STR-002',
    title: { zh: '未知列', en: 'unknown column' },
    severity: 'error',
    scope: 'file',
    kinds: ALL_KINDS,
    citation: standard('表头（多余的未知列为错误）', 'header names (an extra unknown column is an error)'),
    message: {
      zh: '第{position}列“{value}”不是{kind:kind}的列名（英文列名或中文列名均可），请删除该列或改用标准列名。',
      en: 'Column {position} "{value}" is not a column of {kind:kind} (use the English key or the Chinese name); remove or rename it.',
    },
    variants: {
      duplicate: {
        zh: '第{position}列“{value}”与第{firstPosition}列重复，两列都对应{column}。',
        en: 'Column {position} "{value}" repeats column {firstPosition}: both are {column}.',
      },
      noHeader: {
        zh: '第{position}列没有列名，但本行在该列有值“{value}”。',
        en: 'Column {position} has no header, but this row has the value "{value}" in it.',
      },
    },
  }),
  rule({
    code: 'STR-003',
    title: { zh: '值类型错误', en: 'value has the wrong type' },
    severity: 'error',
    scope: 'record',
    kinds: ALL_KINDS,
    citation: standard('字段定义（类型、长度与取值范围）', 'column definitions (type, length, range)'),
    message: { zh: '值的类型或格式不正确：{details}。', en: 'Wrong type or format: {details}.' },
    detail: {
      zh: '{column}应为{expected}，实际为“{value}”',
      en: '{column} must be {expected}, got "{value}"',
    },
  }),
  rule({
    code: 'STR-004',
    title: { zh: '取值不在枚举范围内', en: 'value outside its enumeration' },
    severity: 'error',
    scope: 'record',
    kinds: ROW_KINDS,
    citation: standard(
      '字段定义（枚举取值：英文代码或中文名称）',
      'column definitions (enumerations: English code or Chinese label)',
    ),
    message: { zh: '取值不在允许范围内：{details}。', en: 'Value outside its enumeration: {details}.' },
    detail: {
      zh: '{column}的值“{value}”不是允许的取值（允许：{allowed}）',
      en: '{column}: "{value}" is not allowed (allowed: {allowed})',
    },
  }),
  rule({
    code: 'STR-005',
    title: { zh: '文件内重复键', en: 'duplicate key within the file' },
    severity: 'error',
    scope: 'record',
    kinds: ALL_KINDS,
    citation: standard(
      '字段定义（回访明细 (回访类型, 保单号, 案件号) 唯一；投诉编号唯一；经营数据一行）',
      'column definitions ((callback_type, policy_no, case_no) unique; complaint_no unique; one profile row)',
    ),
    message: {
      zh: '{keyColumns:columns}组合“{value}”与第{firstRow}行重复。',
      en: 'The key {keyColumns:columns} "{value}" repeats row {firstRow}.',
    },
    variants: {
      profile: {
        zh: '经营数据只能有一行数据，第{firstRow}行已有数据。',
        en: 'A profile file has exactly one data row; row {firstRow} already holds it.',
      },
    },
  }),
  rule({
    code: 'STR-006',
    title: { zh: '必填值缺失', en: 'required value missing' },
    severity: 'error',
    scope: 'record',
    kinds: ALL_KINDS,
    citation: standard(
      '字段定义（必填与条件必填）',
      'column definitions (required and conditionally required values)',
    ),
    message: { zh: '缺少必填值：{details}。', en: 'Required value missing: {details}.' },
    detail: { zh: '{column}（{condition}）', en: '{column} ({condition})' },
  }),
  rule({
    code: 'STR-007',
    title: { zh: '日期顺序不可能', en: 'impossible date order' },
    severity: 'error',
    scope: 'record',
    kinds: ROW_KINDS,
    citation: standard('数据错误（不可能的日期顺序）', '"Two kinds of problems" (impossible date order)'),
    message: { zh: '日期先后顺序不可能：{details}。', en: 'Impossible date order: {details}.' },
    detail: {
      zh: '{column}“{value}”早于{other}“{otherValue}”',
      en: '{column} "{value}" is before {other} "{otherValue}"',
    },
  }),
  rule({
    code: 'STR-008',
    title: { zh: '记录不在报送期内', en: 'row outside the period' },
    severity: 'error',
    scope: 'record',
    kinds: ROW_KINDS,
    citation: standard(
      '数据错误（记录不在报送期内）；统计口径·报送期归属',
      '"Two kinds of problems" (row outside the period); METRICS, period membership',
    ),
    message: {
      zh: '{column}“{value}”不在报送期{period}（{startsOn}至{endsOn}）内。',
      en: '{column} "{value}" is outside the period {period} ({startsOn} to {endsOn}).',
    },
  }),
  rule({
    code: 'STR-009',
    title: { zh: '日期晚于上传日期', en: 'date in the future' },
    severity: 'error',
    scope: 'record',
    kinds: ROW_KINDS,
    citation: standard(
      '数据错误（日期晚于上传日期）',
      '"Two kinds of problems" (date later than the upload date)',
    ),
    message: {
      zh: '日期晚于上传日期{uploadDate}：{details}。',
      en: 'Date later than the upload date {uploadDate}: {details}.',
    },
    detail: { zh: '{column}“{value}”', en: '{column} "{value}"' },
  }),
  rule({
    code: 'STR-010',
    title: { zh: '文件无法读取', en: 'file unreadable' },
    severity: 'error',
    scope: 'file',
    kinds: ALL_KINDS,
    citation: standard('文件、编码与报送期', '"Files, encodings, periods"'),
    message: { zh: '文件无法读取：{reason}', en: 'The file cannot be read: {reason}' },
    variants: {
      empty: { zh: '文件为空，没有表头行。', en: 'The file is empty: there is no header row.' },
      noHeader: {
        zh: '第一行不是{kind:kind}的表头：没有一个单元格是标准列名。',
        en: 'The first row is not a header of {kind:kind}: no cell names a column of the standard.',
      },
      noRows: {
        zh: '{kind:kind}文件没有数据行，须有一行。',
        en: 'The {kind:kind} file has no data row; it needs exactly one.',
      },
      format: {
        zh: '文件格式无法识别（只接受 CSV、XLSX 及 gzip 压缩的 CSV）：{reason}',
        en: 'Unrecognised file format (CSV, XLSX or gzip-compressed CSV only): {reason}',
      },
      encoding: {
        zh: '文件编码无法识别（只接受 UTF-8 与 GB18030/GBK）：{reason}',
        en: 'Unrecognised text encoding (UTF-8 or GB18030/GBK only): {reason}',
      },
      quoting: { zh: 'CSV 引号或分隔不正确：{reason}', en: 'Broken CSV quoting or structure: {reason}' },
    },
  }),
  rule({
    code: 'STR-011',
    title: { zh: '机构代码不是报送机构', en: 'org_code is not the submitting insurer' },
    severity: 'error',
    scope: 'record',
    kinds: ['profile'],
    citation: standard(
      '经营数据 org_code（须为报送机构本身的代码）',
      "profile.org_code (must be the submitting insurer's own code)",
    ),
    message: {
      zh: '{column}“{value}”不是报送机构本身的代码（{expected}）。',
      en: '{column} "{value}" is not the code of the submitting insurer ({expected}).',
    },
  }),
  rule({
    code: 'PII-001',
    title: { zh: '文本中含个人身份信息', en: 'personal identifier in a text value' },
    severity: 'error',
    scope: 'record',
    kinds: ROW_KINDS,
    citation: standard(
      '文件不得包含直接个人标识（姓名、身份证号、电话号码、地址）',
      'files carry no direct personal identifiers',
    ),
    message: {
      zh: '含有直接个人标识，已隐去：{details}。文件不得包含身份证号、手机号等个人信息。',
      en: 'Direct personal identifier (masked here): {details}. Files must not contain ID or mobile numbers.',
    },
    detail: { zh: '{column}“{value}”含{piiKind}', en: '{column} "{value}" holds a {piiKind}' },
  }),
  rule({
    code: 'CAL-001',
    title: { zh: '工作日日历未覆盖该年份', en: 'working-day calendar does not cover the year' },
    severity: 'error',
    scope: 'record',
    kinds: ROW_KINDS,
    citation: {
      zh: '规则目录 v1·工作日（日历未覆盖的年份为错误，不按周一至周五推算）',
      en: 'Rule catalog v1, "Working days" (a year the calendar does not cover is an error, never a weekday-only guess)',
    },
    message: {
      zh: '工作日日历未覆盖{year}年，无法计算{column}“{value}”之后{workingDays}个工作日的期限（规则{forRule}）。',
      en: 'The working-day calendar does not cover {year}: cannot compute {workingDays} working days after {column} "{value}" (rule {forRule}).',
    },
  }),

  // -- warnings (do not block) --
  rule({
    code: 'WARN-001',
    title: { zh: '回访日期距回执签收日过久', en: 'callback date implausibly long after the receipt' },
    severity: 'warning',
    scope: 'record',
    kinds: CALLBACKS,
    citation: standard(
      '警告（可疑但可能的数据，例如数年后才完成的回访）',
      'warnings (suspicious but possible data, e.g. a callback completed years later)',
    ),
    params: { maxDaysAfterReceipt: 365 },
    paramSpecs: {
      maxDaysAfterReceipt: {
        type: 'integer',
        min: 1,
        max: 36500,
        description: {
          zh: '新单回访的首次回访或完成日期晚于回执签收日超过该天数时提示核实',
          en: 'warn when a new-business callback date is more than this many days after receipt_signed_on',
        },
      },
    },
    message: {
      zh: '{column}“{value}”在回执签收日{receipt_signed_on}之后{days}天（超过{maxDaysAfterReceipt}天），请核实日期是否填错。',
      en: '{column} "{value}" is {days} days after receipt_signed_on {receipt_signed_on} (more than {maxDaysAfterReceipt}); please check the date.',
    },
  }),
  rule({
    code: 'WARN-002',
    title: { zh: '文件没有数据行', en: 'file has no data rows' },
    severity: 'warning',
    scope: 'file',
    kinds: ROW_KINDS,
    citation: standard('警告（可疑但可能的数据）', 'warnings (suspicious but possible data)'),
    message: {
      zh: '{kind:kind}文件只有表头，没有数据行；本期确无数据时可以报送。',
      en: 'The {kind:kind} file has a header but no data rows; submit it only if there really is nothing to report.',
    },
  }),

  // -- compliance findings: new-business callbacks --
  rule({
    code: 'CB-01',
    title: { zh: '新单100%回访', en: 'every such policy is called back' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: `${BASIC_ZH} 第十五条；京保监发[2008]294号 一`,
      en: `${BASIC_EN}, Art. 15; Beijing CIRC Bureau notice 京保监发[2008]294号, item 1 (100% callback, no waiver)`,
    },
    ...CB_SCOPE,
    message: {
      zh: '保险期间超过{minTermMonths}个月的新单未回访：{column}为“{value}”。',
      en: 'A new-business policy with a term over {minTermMonths} months was not called back: {column} is "{value}".',
    },
  }),
  rule({
    code: 'CB-02',
    title: { zh: '犹豫期内完成回访', en: 'callback completed inside the cooling-off period' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: { zh: `${BASIC_ZH} 第十五条`, en: `${BASIC_EN}, Art. 15` },
    ...CB_SCOPE,
    message: {
      zh: '{column}“{value}”晚于犹豫期最后一天{deadline}（回执签收日{receipt_signed_on}，犹豫期{cooling_off_days}天），晚{daysLate}天。',
      en: '{column} "{value}" is after the last cooling-off day {deadline} (receipt signed {receipt_signed_on}, {cooling_off_days} days), {daysLate} day(s) late.',
    },
  }),
  rule({
    code: 'CB-03',
    title: { zh: '回访内容完整', en: 'all required content confirmed' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: `${BASIC_ZH} 第十五条 (一)–(七)；${TRACE_ZH} 第十一条`,
      en: `${BASIC_EN}, Art. 15 (1)–(7); ${TRACE_EN}, Art. 11`,
    },
    params: {
      minTermMonths: 12,
      alwaysItems: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'],
      periodicItems: ['Q7'],
      salesRecordedItems: ['Q8'],
      newTypeItems: ['Q9'],
      requireQ9ForNewType: false,
      newTypeProducts: ['dividend', 'universal', 'unit_linked'],
    },
    paramSpecs: {
      minTermMonths: MIN_TERM_SPEC,
      alwaysItems: ITEMS_SPEC(
        '每次成功的新单回访都须确认的事项',
        'items every successful new-business callback confirms',
      ),
      periodicItems: ITEMS_SPEC(
        '缴费方式为期缴时还须确认的事项',
        'further items when payment_mode = periodic',
      ),
      salesRecordedItems: ITEMS_SPEC('销售过程双录时还须确认的事项', 'further items when sales_recorded = Y'),
      newTypeItems: ITEMS_SPEC(
        '新型产品在 requireQ9ForNewType 打开时还须确认的事项',
        'further items for new-type products when requireQ9ForNewType is on',
      ),
      requireQ9ForNewType: {
        type: 'boolean',
        description: {
          zh: '是否要求新型产品确认 Q9（依据的2009年办法已于2023年废止，默认关闭）',
          en: 'require Q9 for new-type products (the 2009 rule was repealed in 2023; off by default)',
        },
      },
      newTypeProducts: {
        type: 'codes',
        enumName: 'product_type',
        description: { zh: '视为新型产品的产品类型', en: 'product types counted as new-type products' },
      },
    },
    message: {
      zh: '回访成功，但{column}“{value}”缺少必需的回访事项：{missing:confirmed_items:code}。',
      en: 'Successful callback, but {column} "{value}" lacks required items: {missing:confirmed_items:code}.',
    },
  }),
  rule({
    code: 'CB-04',
    title: { zh: '电话回访有录音', en: 'phone callbacks are recorded' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: '分红保险回访 (电话回访并制作录音)；保险销售行为管理办法(2023) 第三十五条 (如实记录回访过程)',
      en: 'participating-insurance callback rule (phone callback with a recording); Measures for the Administration of Insurance Sales Conduct (2023), Art. 35 (record the callback truthfully)',
    },
    ...CB_SCOPE,
    message: {
      zh: '尝试过电话回访（回访方式：{methods:method}），但{column}为空。',
      en: 'Phone was tried (methods: {methods:method}) but {column} is empty.',
    },
  }),
  rule({
    code: 'CB-05',
    title: { zh: '上门、信函回访有签名回执', en: 'visit and letter callbacks have a signed receipt' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: `分红保险回访 (必须取得投保人签名的回执)；${ECALL_ZH} 六`,
      en: `participating-insurance callback rule (a receipt signed by the policyholder is required); ${ECALL_EN}, item 6`,
    },
    ...CB_SCOPE,
    message: {
      zh: '以{method:method}方式回访成功，但{column}为空。',
      en: 'Successful {method:method} callback without a signed receipt: {column} is empty.',
    },
  }),
  rule({
    code: 'CB-06',
    title: { zh: '电子化回访验证身份', en: 'electronic callbacks verify identity' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: { zh: `${ECALL_ZH} 四`, en: `${ECALL_EN}, item 4` },
    ...CB_SCOPE,
    message: {
      zh: '电子化回访成功，但{column}为空。',
      en: 'Successful electronic callback without an identity check: {column} is empty.',
    },
  }),
  rule({
    code: 'CB-07',
    title: { zh: '先电话后上门、信函', en: 'fallback order: phone/electronic before visit/letter' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: `${CHINALIFE_ZH} 第五条；${ECALL_ZH} 六`,
      en: `${CHINALIFE_EN}, Art. 5; ${ECALL_EN}, item 6`,
    },
    ...CB_SCOPE,
    message: {
      zh: '以{method:method}方式回访成功，但此前没有尝试电话回访（{column}“{value}”，即{methods:method}）。',
      en: 'Successful {method:method} callback, but phone was not tried first ({column} "{value}", i.e. {methods:method}).',
    },
  }),
  rule({
    code: 'CB-08',
    title: { zh: '回访人不是销售人员', en: 'the caller is not the seller' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: { zh: `${CHINALIFE_ZH} 第五条 (二)`, en: `${CHINALIFE_EN}, Art. 5 (2)` },
    ...CB_SCOPE,
    message: {
      zh: '{column}为“{value}”：回访由销售人员本人进行（回访结果：{status:status}）。',
      en: '{column} is "{value}": the callback was made by the seller (status: {status:status}).',
    },
  }),
  rule({
    code: 'CB-09',
    title: { zh: '问题件及时处理', en: 'problems found are resolved in time' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: `${BASIC_ZH} 第十八条 (15个工作日, 销售人员以外的人员)；${ECALL_ZH} 六`,
      en: `${BASIC_EN}, Art. 18 (15 working days, by staff other than the seller); ${ECALL_EN}, item 6`,
    },
    params: { minTermMonths: 12, problemDeadlineWorkingDays: 15 },
    paramSpecs: {
      minTermMonths: MIN_TERM_SPEC,
      problemDeadlineWorkingDays: {
        type: 'integer',
        min: 1,
        max: 250,
        description: {
          zh: '问题须在回访完成（或首次回访）后多少个工作日内处理完成',
          en: 'working days after completed_on (or first_attempt_on) within which problems are resolved',
        },
      },
    },
    message: {
      zh: '回访发现问题（{problems:problems}），但{column}为空；期限为{base_column:column}“{base}”后{workingDays}个工作日，即{deadline}。',
      en: 'Problems were found ({problems:problems}) but {column} is empty; the deadline is {workingDays} working days after {base_column:column} "{base}", i.e. {deadline}.',
    },
    variants: {
      unresolvedNoDate: {
        zh: '回访发现问题（{problems:problems}），但{column}为空。',
        en: 'Problems were found ({problems:problems}) but {column} is empty.',
      },
      late: {
        zh: '{column}“{value}”晚于期限{deadline}（{base_column:column}“{base}”后{workingDays}个工作日）；发现的问题：{problems:problems}。',
        en: '{column} "{value}" is after the deadline {deadline} ({workingDays} working days after {base_column:column} "{base}"); problems: {problems:problems}.',
      },
    },
  }),
  rule({
    code: 'CB-10',
    title: { zh: '应双录的销售已双录', en: 'sales that must be recorded were recorded' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: { zh: `${TRACE_ZH} 第五、六条`, en: `${TRACE_EN}, Arts. 5 and 6` },
    params: { minTermMonths: 12, seniorAge: 60, recordingMinTermMonths: 12 },
    paramSpecs: {
      minTermMonths: MIN_TERM_SPEC,
      seniorAge: {
        type: 'integer',
        min: 0,
        max: 120,
        description: {
          zh: '投保人年龄不低于该值（含）时须双录',
          en: 'policyholders of this age or older must be recorded',
        },
      },
      recordingMinTermMonths: {
        type: 'integer',
        min: 0,
        max: 1200,
        description: {
          zh: '银保渠道和高龄投保人：保险期间超过该月数的须双录（“超过一年”）',
          en: 'bancassurance and senior policyholders: terms over this many months must be recorded ("over one year")',
        },
      },
    },
    message: {
      zh: '{column}为“{value}”，但属于应双录的情形：{reasons}。',
      en: '{column} is "{value}" although the sale must be recorded: {reasons}.',
    },
    reasons: {
      bancassurance: {
        zh: '银行邮政代理渠道且保险期间{term_months}个月超过{recordingMinTermMonths}个月',
        en: 'bancassurance with a term of {term_months} months (over {recordingMinTermMonths})',
      },
      unit_linked: { zh: '投资连结型产品', en: 'unit-linked product' },
      senior: {
        zh: '投保人{policyholder_age}岁（不低于{seniorAge}岁）且保险期间超过{recordingMinTermMonths}个月',
        en: 'policyholder aged {policyholder_age} (at least {seniorAge}) with a term over {recordingMinTermMonths} months',
      },
      telemarketing: { zh: '电话销售', en: 'telemarketing' },
    },
  }),
  rule({
    code: 'CB-11',
    title: { zh: '犹豫期不短于规定天数', en: 'cooling-off period long enough' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: '健康保险管理办法(2019) 第十五条；保监发〔2014〕3号',
      en: 'Health Insurance Administration Measures (2019), Art. 15; CIRC notice 保监发〔2014〕3号',
    },
    params: {
      minTermMonths: 12,
      minCoolingOffDays: 15,
      coolingOffProductTypes: ['health'],
      coolingOffChannels: ['bancassurance'],
    },
    paramSpecs: {
      minTermMonths: MIN_TERM_SPEC,
      minCoolingOffDays: {
        type: 'integer',
        min: 0,
        max: 60,
        description: { zh: '犹豫期最少天数', en: 'minimum cooling-off days' },
      },
      coolingOffProductTypes: {
        type: 'codes',
        enumName: 'product_type',
        description: { zh: '适用最少犹豫期的产品类型', en: 'product types the minimum applies to' },
      },
      coolingOffChannels: {
        type: 'codes',
        enumName: 'channel',
        description: { zh: '适用最少犹豫期的销售渠道', en: 'channels the minimum applies to' },
      },
    },
    message: {
      zh: '{column}{value}天，少于{minCoolingOffDays}天（{reasons}）。',
      en: '{column} is {value} days, less than {minCoolingOffDays} ({reasons}).',
    },
    reasons: {
      product: {
        zh: '产品类型为{product_type:product_type}',
        en: 'product type {product_type:product_type}',
      },
      channel: { zh: '销售渠道为{channel:channel}', en: 'channel {channel:channel}' },
    },
  }),

  // -- compliance findings: company level --
  rule({
    code: 'CB-C1',
    title: { zh: '回访成功率', en: 'callback success rate' },
    severity: 'finding',
    scope: 'company',
    kinds: CALLBACKS,
    citation: { zh: `${CHINALIFE_ZH} 第七条`, en: `${CHINALIFE_EN}, Art. 7` },
    note: {
      zh: '省级标准；未找到全国统一数值，作为参数保留',
      en: 'provincial standard; no national figure found — kept as a parameter',
    },
    params: { minTermMonths: 12, minSuccessRate: 0.9 },
    paramSpecs: {
      minTermMonths: MIN_TERM_SPEC,
      minSuccessRate: {
        type: 'number',
        min: 0,
        max: 1,
        description: { zh: '最低回访成功率', en: 'minimum success rate' },
      },
    },
    message: {
      zh: '新单回访成功率{successRate}低于{minSuccessRate}。',
      en: 'The new-business callback success rate {successRate} is below {minSuccessRate}.',
    },
  }),
  rule({
    code: 'CB-C2',
    title: { zh: '上门及信函回访占比', en: 'visit and letter share' },
    severity: 'finding',
    scope: 'company',
    kinds: CALLBACKS,
    citation: { zh: `${CHINALIFE_ZH} 第五条`, en: `${CHINALIFE_EN}, Art. 5` },
    note: {
      zh: '省级标准；未找到全国统一数值，作为参数保留',
      en: 'provincial standard; no national figure found — kept as a parameter',
    },
    params: { minTermMonths: 12, maxVisitLetterShare: 0.1 },
    paramSpecs: {
      minTermMonths: MIN_TERM_SPEC,
      maxVisitLetterShare: {
        type: 'number',
        min: 0,
        max: 1,
        description: { zh: '上门及信函回访最高占比', en: 'maximum visit + letter share' },
      },
    },
    message: {
      zh: '上门及信函回访占成功回访的比例{visitLetterShare}高于{maxVisitLetterShare}。',
      en: 'The share of visit and letter callbacks {visitLetterShare} is above {maxVisitLetterShare}.',
    },
  }),
  rule({
    code: 'CP-C1',
    title: { zh: '监管转办投诉100%回访', en: 'forwarded complaints all called back' },
    severity: 'finding',
    scope: 'company',
    kinds: COMPLAINTS,
    citation: { zh: `${BEIJING_ZH} 第五、九条`, en: `${BEIJING_EN}, Arts. 5 and 9` },
    params: { minForwardedCallbackRate: 1 },
    paramSpecs: {
      minForwardedCallbackRate: {
        type: 'number',
        min: 0,
        max: 1,
        description: { zh: '监管转办投诉最低回访率', en: 'minimum callback rate of forwarded complaints' },
      },
    },
    message: {
      zh: '监管转办投诉回访率{callbackRate}低于{minForwardedCallbackRate}。',
      en: 'The callback rate of forwarded complaints {callbackRate} is below {minForwardedCallbackRate}.',
    },
  }),

  // -- compliance findings: other callbacks and complaints --
  rule({
    code: 'CL-01',
    title: { zh: '理赔结案后及时回访', en: 'claim callbacks soon after closing' },
    severity: 'finding',
    scope: 'record',
    kinds: CALLBACKS,
    citation: {
      zh: '保险公司理赔申请回访制度 三 1.2',
      en: 'Insurer claim-application callback system, section 3, 1.2',
    },
    note: { zh: '行业惯例', en: 'industry practice' },
    params: { claimCallbackWorkingDays: 5 },
    paramSpecs: {
      claimCallbackWorkingDays: {
        type: 'integer',
        min: 1,
        max: 250,
        description: {
          zh: '理赔结案后多少个工作日内完成回访',
          en: 'working days after case_closed_on within which the callback is completed',
        },
      },
    },
    message: {
      zh: '理赔回访{column}“{value}”晚于结案日期{case_closed_on}后{workingDays}个工作日的期限{deadline}。',
      en: 'Claim callback {column} "{value}" is after the deadline {deadline}, {workingDays} working days after case_closed_on {case_closed_on}.',
    },
  }),
  rule({
    code: 'CP-01',
    title: { zh: '投诉按时作出处理决定', en: 'complaint decided in time' },
    severity: 'finding',
    scope: 'record',
    kinds: COMPLAINTS,
    citation: { zh: `${COMPLAINTS_ZH} 第十八、四十三条`, en: `${COMPLAINTS_EN}, Arts. 18 and 43` },
    params: { limitDays: 15, complexLimitDays: 30, especiallyComplexLimitDays: 60 },
    paramSpecs: {
      limitDays: {
        type: 'integer',
        min: 1,
        max: 365,
        description: { zh: '未延期的处理时限（自然日）', en: 'limit without extension (calendar days)' },
      },
      complexLimitDays: {
        type: 'integer',
        min: 1,
        max: 365,
        description: {
          zh: '情况复杂延期后的时限（自然日）',
          en: 'limit with extension complex (calendar days)',
        },
      },
      especiallyComplexLimitDays: {
        type: 'integer',
        min: 1,
        max: 365,
        description: {
          zh: '特别复杂再延期后的时限（自然日）',
          en: 'limit with extension especially_complex (calendar days)',
        },
      },
    },
    message: {
      zh: '{column}“{value}”距受理日期{received_on}为{days}日，超过{limitDays}日的处理时限（{extension:extension}）。',
      en: '{column} "{value}" is {days} days after received_on {received_on}, over the limit of {limitDays} days ({extension:extension}).',
    },
    variants: {
      pending: {
        zh: '投诉仍在处理中（{column}为“{value}”）：自受理日期{received_on}起{limitDays}日的处理时限{deadline}早于报送期末{periodEnd}（{extension:extension}）。',
        en: 'The complaint is still pending ({column} is "{value}"): the {limitDays}-day limit from received_on {received_on} ended on {deadline}, before the period end {periodEnd} ({extension:extension}).',
      },
    },
  }),
  rule({
    code: 'CP-02',
    title: {
      zh: '转办件在转办期内办结并回访',
      en: 'forwarded complaint handled and called back in the forwarding period',
    },
    severity: 'finding',
    scope: 'record',
    kinds: COMPLAINTS,
    citation: { zh: `${BEIJING_ZH} 第六条`, en: `${BEIJING_EN}, Art. 6` },
    params: { forwardWorkingDays: 15 },
    paramSpecs: {
      forwardWorkingDays: {
        type: 'integer',
        min: 1,
        max: 250,
        description: {
          zh: '转办期（转办日期后的工作日数）',
          en: 'forwarding period (working days after forwarded_on)',
        },
      },
    },
    message: {
      zh: '监管转办件未在转办期内办结并回访（转办日期{forwarded_on}，{workingDays}个工作日的期限为{deadline}）：{reasons}。',
      en: 'Forwarded complaint not handled and called back within the forwarding period (forwarded_on {forwarded_on}, {workingDays} working days, deadline {deadline}): {reasons}.',
    },
    reasons: {
      decidedLate: {
        zh: '处理决定日期(decided_on)“{decided_on}”晚于期限',
        en: 'decided_on "{decided_on}" is after the deadline',
      },
      callbackLate: {
        zh: '回访日期(callback_on)“{callback_on}”晚于期限',
        en: 'callback_on "{callback_on}" is after the deadline',
      },
      undecided: {
        zh: '处理决定日期(decided_on)为空，而期限早于报送期末{periodEnd}',
        en: 'decided_on is empty although the deadline is before the period end {periodEnd}',
      },
    },
  }),
  rule({
    code: 'CP-03',
    title: { zh: '转办件已回访', en: 'forwarded complaint called back' },
    severity: 'finding',
    scope: 'record',
    kinds: COMPLAINTS,
    citation: { zh: `${BEIJING_ZH} 第五、九条`, en: `${BEIJING_EN}, Arts. 5 and 9` },
    message: {
      zh: '监管转办件（转办编号{forward_no}）的{column}为空。',
      en: 'Forwarded complaint (forward_no {forward_no}): {column} is empty.',
    },
  }),
];

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** The base catalog, version 1. */
export const CATALOG_V1: Catalog = deepFreeze({ version: CATALOG_VERSION, basedOn: null, rules: RULES_V1 });

// ---- lookup -----------------------------------------------------------------------------------------

const indexes = new WeakMap<Catalog, ReadonlyMap<string, RuleDefinition>>();

/** The rule with `code` in `catalog` (indexed once per catalog). */
export function findRule(catalog: Catalog, code: string): RuleDefinition | undefined {
  let index = indexes.get(catalog);
  if (!index) {
    index = new Map(catalog.rules.map((r) => [r.code, r]));
    indexes.set(catalog, index);
  }
  return index.get(code);
}

/** True when the rule is switched on and effective for a period [startsOn, endsOn]. */
export function ruleApplies(rule: RuleDefinition, period?: { startsOn: string; endsOn: string }): boolean {
  if (!rule.enabled) return false;
  if (!period) return true;
  if (rule.effectiveFrom !== null && period.endsOn < rule.effectiveFrom) return false;
  if (rule.effectiveTo !== null && period.startsOn > rule.effectiveTo) return false;
  return true;
}

// ---- overrides --------------------------------------------------------------------------------------

export interface RuleOverride {
  readonly enabled?: boolean;
  /** Only `warning` or `finding`, and only for rules that are not data errors (those stay `error`). */
  readonly severity?: 'warning' | 'finding';
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly effectiveFrom?: string | null;
  readonly effectiveTo?: string | null;
}

/**
 * A local rule pack (RULES.md: "Local packs (e.g. Beijing) override parameters or add rules for insurers in
 * their jurisdiction"): rule changes applied on top of the national catalog of the same version for insurers
 * whose organisation has that jurisdiction. "Adding" a rule is switching on a rule the national catalog has
 * off. Validated exactly like national overrides.
 */
export interface LocalPack {
  readonly name: Bilingual;
  /** The local regulation the pack implements (required: no local rule without its source). */
  readonly citation: Bilingual;
  readonly overrides: { readonly rules?: Readonly<Record<string, RuleOverride>> };
}

/** What a published catalog version changes relative to its base. */
export interface CatalogOverrides {
  readonly version: number;
  readonly rules?: Readonly<Record<string, RuleOverride>>;
  /** Local packs by jurisdiction; a pack given here replaces the base's pack of the same jurisdiction. */
  readonly localPacks?: Readonly<Record<string, LocalPack>>;
}

/** A jurisdiction: a 6-digit administrative division code (GB/T 2260), e.g. `110000` 北京市. */
export const JURISDICTION_PATTERN = /^[1-9][0-9]{5}$/;

export class CatalogOverrideError extends Error {
  /** Every problem in English (as before); `details` has each in Chinese and English. */
  readonly problems: readonly string[];

  constructor(readonly details: readonly Bilingual[]) {
    super(`invalid catalog overrides: ${details.map((d) => d.en).join('; ')}`);
    this.name = 'CatalogOverrideError';
    this.problems = details.map((d) => d.en);
  }
}

const OVERRIDE_KEYS = new Set(['enabled', 'severity', 'params', 'effectiveFrom', 'effectiveTo']);
const PACK_KEYS = new Set(['name', 'citation', 'overrides']);

const problem = (zh: string, en: string): Bilingual => ({ zh, en });
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isBilingual = (v: unknown): v is Bilingual =>
  isRecord(v) &&
  typeof v['zh'] === 'string' &&
  typeof v['en'] === 'string' &&
  v['zh'].trim() !== '' &&
  v['en'].trim() !== '';
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function checkParam(
  code: string,
  name: string,
  spec: ParamSpec,
  value: unknown,
  problems: Bilingual[],
): void {
  const where = `${code}.${name}`;
  switch (spec.type) {
    case 'integer':
    case 'number':
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (spec.type === 'integer' && !Number.isInteger(value))
      ) {
        problems.push(
          spec.type === 'integer'
            ? problem(`${where} 应为整数`, `${where} must be an integer`)
            : problem(`${where} 应为数字`, `${where} must be a number`),
        );
      } else if (
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max)
      ) {
        const [min, max] = [spec.min ?? '-∞', spec.max ?? '∞'];
        problems.push(
          problem(`${where} 应在 ${min} 与 ${max} 之间`, `${where} must be between ${min} and ${max}`),
        );
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        problems.push(problem(`${where} 应为 true 或 false`, `${where} must be true or false`));
      return;
    case 'codes': {
      const allowed = spec.enumName ? ENUMS[spec.enumName]?.codes : undefined;
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        problems.push(problem(`${where} 应为代码列表`, `${where} must be a list of codes`));
        return;
      }
      const bad = allowed ? value.filter((v: string) => !allowed.includes(v)) : [];
      if (bad.length > 0)
        problems.push(
          problem(`${where}：未知代码 ${bad.join(', ')}`, `${where}: unknown code(s) ${bad.join(', ')}`),
        );
      if (new Set(value).size !== value.length)
        problems.push(problem(`${where}：代码重复`, `${where}: duplicate codes`));
      return;
    }
  }
}

/** Checks rule changes (national or of a pack) against the rules of `base`; appends every problem. */
function checkRuleChanges(base: Catalog, changes: unknown, problems: Bilingual[]): void {
  if (!isRecord(changes)) {
    problems.push(problem('rules 应为按规则代码的对象', 'rules must be an object keyed by rule code'));
    return;
  }
  for (const [code, change] of Object.entries(changes)) {
    const rule = findRule(base, code);
    if (!rule) {
      problems.push(problem(`未知规则 ${code}`, `unknown rule ${code}`));
      continue;
    }
    if (!isRecord(change)) {
      problems.push(problem(`${code} 应为设置对象`, `${code} must be an object of settings`));
      continue;
    }
    for (const k of Object.keys(change))
      if (!OVERRIDE_KEYS.has(k))
        problems.push(problem(`${code}：未知设置 ${k}`, `${code}: unknown setting ${k}`));
    const enabled = change['enabled'];
    if (enabled !== undefined) {
      if (typeof enabled !== 'boolean')
        problems.push(problem(`${code}.enabled 应为 true 或 false`, `${code}.enabled must be true or false`));
      else if (!enabled && rule.severity === 'error')
        problems.push(
          problem(`${code} 为数据错误，不能关闭`, `${code} is a data error and cannot be switched off`),
        );
    }
    const severity = change['severity'];
    if (severity !== undefined) {
      if (rule.severity === 'error')
        problems.push(
          problem(
            `${code} 为数据错误，严重程度不能更改`,
            `${code} is a data error: its severity cannot change`,
          ),
        );
      else if (severity !== 'warning' && severity !== 'finding')
        problems.push(
          problem(
            `${code}.severity 只能为 warning 或 finding`,
            `${code}.severity must be warning or finding`,
          ),
        );
    }
    for (const k of ['effectiveFrom', 'effectiveTo'] as const) {
      const v = change[k];
      if (v !== undefined && v !== null && (typeof v !== 'string' || parseDateString(v) !== v)) {
        problems.push(
          problem(
            `${code}.${k} 应为 YYYY-MM-DD 日期或 null`,
            `${code}.${k} must be a date YYYY-MM-DD or null`,
          ),
        );
      }
    }
    const params = change['params'];
    if (params !== undefined && !isRecord(params)) {
      problems.push(problem(`${code}.params 应为对象`, `${code}.params must be an object`));
      continue;
    }
    for (const [name, value] of Object.entries(params ?? {})) {
      const spec = hasOwn(rule.paramSpecs, name) ? rule.paramSpecs[name] : undefined;
      if (!spec) problems.push(problem(`${code}：未知参数 ${name}`, `${code}: unknown parameter ${name}`));
      else checkParam(code, name, spec, value, problems);
    }
  }
}

/** Checks one local pack; its problems are prefixed with the jurisdiction. */
function checkPack(base: Catalog, jurisdiction: string, pack: unknown, problems: Bilingual[]): void {
  const local: Bilingual[] = [];
  if (!JURISDICTION_PATTERN.test(jurisdiction))
    local.push(
      problem(
        '辖区应为6位行政区划代码（GB/T 2260，如北京市 110000）',
        'the jurisdiction must be a 6-digit administrative division code (GB/T 2260, e.g. 110000 for Beijing)',
      ),
    );
  if (!isRecord(pack)) {
    local.push(
      problem('应为对象 {name, citation, overrides}', 'must be an object {name, citation, overrides}'),
    );
  } else {
    for (const k of Object.keys(pack))
      if (!PACK_KEYS.has(k)) local.push(problem(`未知设置 ${k}`, `unknown setting ${k}`));
    if (!isBilingual(pack['name']))
      local.push(problem('name 应为 {zh, en}，均不为空', 'name must be {zh, en}, both non-empty'));
    if (!isBilingual(pack['citation']))
      local.push(
        problem(
          'citation（地方依据）应为 {zh, en}，均不为空',
          'citation (the local regulation) must be {zh, en}, both non-empty',
        ),
      );
    const o = pack['overrides'];
    if (!isRecord(o)) {
      local.push(problem('overrides 应为对象 {rules}', 'overrides must be an object {rules}'));
    } else {
      for (const k of Object.keys(o))
        if (k !== 'rules') local.push(problem(`overrides：未知设置 ${k}`, `overrides: unknown setting ${k}`));
      const rules = o['rules'] ?? {};
      checkRuleChanges(base, rules, local);
      if (isRecord(rules) && Object.keys(rules).length === 0)
        local.push(problem('至少应变更一条规则', 'must change at least one rule'));
    }
  }
  for (const p of local)
    problems.push({ zh: `地方规则包 ${jurisdiction}：${p.zh}`, en: `local pack ${jurisdiction}: ${p.en}` });
}

/** `rules` with `changes` applied (already validated). */
function applyRuleChanges(
  rules: readonly RuleDefinition[],
  changes: Readonly<Record<string, RuleOverride>>,
): RuleDefinition[] {
  return rules.map((r) => {
    const change = hasOwn(changes, r.code) ? changes[r.code] : undefined;
    if (!change) return r;
    return {
      ...r,
      enabled: change.enabled ?? r.enabled,
      severity: change.severity ?? r.severity,
      effectiveFrom: change.effectiveFrom !== undefined ? change.effectiveFrom : r.effectiveFrom,
      effectiveTo: change.effectiveTo !== undefined ? change.effectiveTo : r.effectiveTo,
      params: { ...r.params, ...(change.params ?? {}) },
    };
  });
}

/**
 * The catalog of a published version: `base` with `overrides` applied. Validates everything and throws a
 * `CatalogOverrideError` listing every problem (in Chinese and English): the version must be a whole number
 * above the base's; rule codes and parameter names must exist; parameter values must have the declared type
 * and range (codes from the declared enumeration); data errors (severity `error`) cannot be switched off nor
 * change severity, and no rule becomes one — they define what a readable file is, and changing them is a new
 * reporting standard, not a catalog version. Local packs are checked the same way, against the same rules.
 */
export function resolveCatalog(base: Catalog, overrides: CatalogOverrides): Catalog {
  const problems: Bilingual[] = [];
  if (!Number.isInteger(overrides.version) || overrides.version <= base.version) {
    problems.push(
      problem(
        `版本号应为大于 ${base.version} 的整数`,
        `version must be a whole number greater than ${base.version}`,
      ),
    );
  }
  const changes = overrides.rules ?? {};
  checkRuleChanges(base, changes, problems);
  const packs: unknown = overrides.localPacks ?? {};
  if (!isRecord(packs)) {
    problems.push(
      problem('localPacks 应为按辖区代码的对象', 'localPacks must be an object keyed by jurisdiction code'),
    );
  } else {
    for (const [jurisdiction, pack] of Object.entries(packs)) checkPack(base, jurisdiction, pack, problems);
  }
  if (problems.length > 0) throw new CatalogOverrideError(problems);

  const rules = applyRuleChanges(base.rules, changes);
  const localPacks = { ...(base.localPacks ?? {}), ...(overrides.localPacks ?? {}) };
  return deepFreeze({
    version: overrides.version,
    basedOn: base.version,
    rules,
    ...(Object.keys(localPacks).length > 0 ? { localPacks } : {}),
  });
}

const effectiveCatalogs = new WeakMap<Catalog, Map<string, Catalog>>();

/**
 * The catalog an insurer of `jurisdiction` is checked against: the version's national rules with the
 * jurisdiction's local pack applied on top (`jurisdiction` set to it, `localPacks` holding only that pack).
 * A null jurisdiction, or one without a pack in this version, gets the national catalog itself
 * (`jurisdiction` not set). Pure and memoised per catalog object.
 */
export function catalogFor(catalog: Catalog, jurisdiction: string | null | undefined): Catalog {
  if (catalog.jurisdiction != null) {
    if (jurisdiction === catalog.jurisdiction) return catalog;
    throw new Error(`catalog ${catalog.version} is already the effective catalog of ${catalog.jurisdiction}`);
  }
  const packs = catalog.localPacks;
  if (!jurisdiction || !packs || !hasOwn(packs, jurisdiction)) return catalog;
  let byJurisdiction = effectiveCatalogs.get(catalog);
  if (!byJurisdiction) {
    byJurisdiction = new Map();
    effectiveCatalogs.set(catalog, byJurisdiction);
  }
  const hit = byJurisdiction.get(jurisdiction);
  if (hit) return hit;
  const pack = packs[jurisdiction];
  const effective: Catalog = deepFreeze({
    version: catalog.version,
    basedOn: catalog.basedOn,
    rules: applyRuleChanges(catalog.rules, pack.overrides.rules ?? {}),
    localPacks: { [jurisdiction]: pack },
    jurisdiction,
  });
  byJurisdiction.set(jurisdiction, effective);
  return effective;
}
