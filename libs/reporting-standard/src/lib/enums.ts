/**
 * Every enumeration of reporting standard v1: the English code (what is stored, in SQL, API and files),
 * the Chinese label (what a file may carry instead of the code) and an English label for messages.
 *
 * Parsing accepts the code or the Chinese label, after trimming. Codes match case-insensitively; both
 * codes and labels also match after full-width ASCII forms are folded to half-width (a Chinese keyboard
 * writes `（`, `）`, `／`), so `未成功（联系不上等）` is read as `failed`.
 */
import type { Bilingual } from './types';

export interface EnumValue<C extends string = string> {
  readonly code: C;
  /** The Chinese label of the standard. */
  readonly label: string;
  /** An English label, for English messages. */
  readonly en: string;
}

export interface EnumDef<C extends string = string> {
  readonly name: string;
  readonly title: Bilingual;
  readonly values: readonly EnumValue<C>[];
  readonly codes: readonly C[];
}

type Row = readonly [code: string, label: string, en: string];

const lookups = new WeakMap<EnumDef, ReadonlyMap<string, string>>();

function defineEnum<const T extends readonly Row[]>(
  name: string,
  title: Bilingual,
  rows: T,
): EnumDef<T[number][0]> {
  type C = T[number][0];
  const values = rows.map(([code, label, en]) => Object.freeze({ code: code as C, label, en }));
  const def: EnumDef<C> = Object.freeze({
    name,
    title,
    values: Object.freeze(values),
    codes: Object.freeze(values.map((v) => v.code)),
  });
  const map = new Map<string, string>();
  for (const v of values) {
    for (const key of [
      v.code,
      v.label,
      v.code.toLowerCase(),
      foldForLookup(v.code),
      foldForLookup(v.label),
    ]) {
      const existing = map.get(key);
      if (existing !== undefined && existing !== v.code)
        throw new Error(`enum ${name}: '${key}' is ambiguous`);
      map.set(key, v.code);
    }
  }
  lookups.set(def as EnumDef, map);
  return def;
}

/** Full-width ASCII forms (U+FF01–U+FF5E) to half-width, ideographic space to space, then lower case. */
export function foldForLookup(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000) {
      out += ' ';
      changed = true;
    } else {
      out += s[i];
    }
  }
  return (changed ? out : s).toLowerCase();
}

/**
 * The code for `raw` (a code or a Chinese label), or `undefined` when it is neither.
 * `raw` should already be trimmed; the first lookup is a single Map hit for the common case.
 */
export function parseEnumValue<C extends string>(def: EnumDef<C>, raw: string): C | undefined {
  const map = lookups.get(def as EnumDef);
  if (map === undefined) throw new Error(`enum ${def.name} was not made by defineEnum`);
  const hit = map.get(raw);
  if (hit !== undefined) return hit as C;
  return map.get(foldForLookup(raw.trim())) as C | undefined;
}

export function enumLabel(def: EnumDef, code: string, lang: 'zh' | 'en'): string {
  const v = def.values.find((x) => x.code === code);
  if (!v) return code;
  return lang === 'zh' ? v.label : v.en;
}

export type EnumCode<E> = E extends EnumDef<infer C> ? C : never;

// ---- callbacks -------------------------------------------------------------------------------------

export const CALLBACK_TYPE = defineEnum('callback_type', { zh: '回访类型', en: 'callback type' }, [
  ['new_business', '新单回访', 'new-business callback'],
  ['claim', '理赔回访', 'claim callback'],
  ['policy_service', '保全回访', 'policy-service callback'],
  ['renewal', '续期/停效回访', 'renewal / lapse callback'],
  ['orphan_policy', '离司业务员保单回访', 'orphan-policy callback'],
  ['satisfaction', '满意度回访', 'satisfaction callback'],
]);
export type CallbackType = EnumCode<typeof CALLBACK_TYPE>;

export const PRODUCT_TYPE = defineEnum('product_type', { zh: '产品类型', en: 'product type' }, [
  ['traditional', '普通型', 'traditional'],
  ['dividend', '分红型', 'dividend (participating)'],
  ['universal', '万能型', 'universal'],
  ['unit_linked', '投资连结型', 'unit-linked'],
  ['health', '健康险', 'health'],
  ['accident', '意外险', 'accident'],
  ['motor', '机动车辆保险', 'motor'],
  ['property', '财产险', 'property'],
  ['other', '其他', 'other'],
]);
export type ProductType = EnumCode<typeof PRODUCT_TYPE>;

export const CHANNEL = defineEnum('channel', { zh: '销售渠道', en: 'sales channel' }, [
  ['agent', '个人代理', 'individual agent'],
  ['bancassurance', '银行邮政代理', 'bancassurance (bank / post office)'],
  ['telemarketing', '电话销售', 'telemarketing'],
  ['internet', '互联网', 'internet'],
  ['intermediary', '专业代理/经纪', 'professional agency / broker'],
  ['direct', '公司直销', 'direct sales'],
]);
export type Channel = EnumCode<typeof CHANNEL>;

export const PAYMENT_MODE = defineEnum('payment_mode', { zh: '缴费方式', en: 'payment mode' }, [
  ['single', '趸缴', 'single premium'],
  ['periodic', '期缴', 'periodic premium'],
]);
export type PaymentMode = EnumCode<typeof PAYMENT_MODE>;

export const CALLBACK_STATUS = defineEnum('status', { zh: '回访结果', en: 'callback status' }, [
  ['success', '成功', 'success'],
  ['failed', '未成功(联系不上等)', 'failed (unreachable etc.)'],
  ['refused', '拒访', 'refused'],
  ['cancelled_before', '回访前撤单/退保', 'cancelled before the callback'],
  ['not_attempted', '未回访', 'not attempted'],
]);
export type CallbackStatus = EnumCode<typeof CALLBACK_STATUS>;

export const CALLBACK_METHOD = defineEnum('method', { zh: '回访方式', en: 'callback method' }, [
  ['phone', '电话', 'phone'],
  ['electronic', '电子化', 'electronic'],
  ['visit', '上门', 'visit'],
  ['letter', '信函', 'letter'],
]);
export type CallbackMethod = EnumCode<typeof CALLBACK_METHOD>;

export const IDENTITY_CHECK = defineEnum('identity_check', { zh: '身份验证方式', en: 'identity check' }, [
  ['sms_code', '短信验证码', 'SMS code'],
  ['e_signature', '电子签名', 'e-signature'],
  ['id_compare', '身份证信息比对', 'ID card data comparison'],
  ['face', '人脸识别', 'face recognition'],
]);
export type IdentityCheck = EnumCode<typeof IDENTITY_CHECK>;

export const PROBLEM = defineEnum('problems', { zh: '发现问题', en: 'problem found' }, [
  ['contract_not_received', '未签收合同', 'contract not received'],
  ['not_self_signed', '非本人签名', 'not signed in person'],
  ['doubt', '对回访内容有疑义', 'doubts about the callback content'],
  ['negative_answer', '否定回答', 'negative answer'],
  ['misleading_sale', '销售误导', 'misleading sale'],
  ['other', '其他', 'other'],
]);
export type Problem = EnumCode<typeof PROBLEM>;

export const PROBLEM_RESOLUTION = defineEnum(
  'problem_resolution',
  { zh: '问题处理方式', en: 'problem resolution' },
  [
    ['explained', '解释说明', 'explained'],
    ['rescinded', '撤单/退保', 'rescinded / surrendered'],
    ['corrected', '更正', 'corrected'],
    ['escalated', '移交处理', 'escalated'],
  ],
);
export type ProblemResolution = EnumCode<typeof PROBLEM_RESOLUTION>;

/** New-business callback content items (`confirmed_items`), with their content and legal source. */
export interface ConfirmedItemInfo {
  readonly code: ConfirmedItem;
  readonly content: Bilingual;
  readonly requiredWhen: Bilingual;
  readonly source: Bilingual;
}

export const CONFIRMED_ITEM = defineEnum('confirmed_items', { zh: '已确认事项', en: 'confirmed item' }, [
  ['Q1', '受访人是否为投保人本人', 'respondent is the policyholder'],
  ['Q2', '是否购买该产品，投保人和被保险人是否亲笔签名', 'purchase confirmed, both signed in person'],
  ['Q3', '是否已阅读并理解产品说明书和投保提示', 'read and understood brochure and risk notice'],
  ['Q4', '是否知悉保险责任、责任免除和保险期间', 'knows coverage, exclusions and term'],
  ['Q5', '是否知悉退保可能受到的损失', 'knows the loss on surrender'],
  ['Q6', '是否知悉犹豫期的起算时间、期间以及享有的权利', 'knows cooling-off start, length and rights'],
  ['Q7', '是否了解缴费期间和缴费频率', 'knows payment period and frequency'],
  [
    'Q8',
    '投保时是否接受录音录像、录音录像中陈述是否为真实意思表示',
    'accepted the sales recording, statements in it true',
  ],
  ['Q9', '是否知悉保单利益的不确定性', 'knows the benefits are uncertain'],
]);
export type ConfirmedItem = EnumCode<typeof CONFIRMED_ITEM>;

const BASIC = '人身保险业务基本服务规定 第十五条';
const BASIC_EN = 'Basic Service Rules for Personal Insurance Business, Art. 15';
const ALWAYS: Bilingual = { zh: '总是', en: 'always' };

export const CONFIRMED_ITEMS: readonly ConfirmedItemInfo[] = Object.freeze(
  (
    [
      ['Q1', ALWAYS, { zh: `${BASIC} (一)`, en: `${BASIC_EN} (1)` }],
      ['Q2', ALWAYS, { zh: `${BASIC} (二)`, en: `${BASIC_EN} (2)` }],
      ['Q3', ALWAYS, { zh: `${BASIC} (三)`, en: `${BASIC_EN} (3)` }],
      ['Q4', ALWAYS, { zh: `${BASIC} (四)`, en: `${BASIC_EN} (4)` }],
      ['Q5', ALWAYS, { zh: `${BASIC} (五)`, en: `${BASIC_EN} (5)` }],
      ['Q6', ALWAYS, { zh: `${BASIC} (六)`, en: `${BASIC_EN} (6)` }],
      [
        'Q7',
        { zh: '缴费方式为期缴', en: 'payment_mode = periodic' },
        { zh: `${BASIC} (七)`, en: `${BASIC_EN} (7)` },
      ],
      [
        'Q8',
        { zh: '销售过程双录为是', en: 'sales_recorded = Y' },
        {
          zh: '保险销售行为可回溯管理暂行办法 第十一条',
          en: 'Interim Measures for the Traceability of Insurance Sales Conduct, Art. 11',
        },
      ],
      [
        'Q9',
        {
          zh: '新型产品（分红型、万能型、投资连结型），且规则参数要求时（依据的2009年办法已于2023年废止）',
          en: 'new-type products (dividend, universal, unit-linked), only when the rule parameter asks for it (the 2009 rule was repealed in 2023)',
        },
        {
          zh: '人身保险新型产品信息披露管理办法(2009)',
          en: 'Measures on Information Disclosure of New-Type Personal Insurance Products (2009)',
        },
      ],
    ] as const
  ).map(([code, requiredWhen, source]) => {
    const v = CONFIRMED_ITEM.values.find((x) => x.code === code);
    if (!v) throw new Error(`confirmed item ${code} is not in the enumeration`);
    return Object.freeze({ code, content: { zh: v.label, en: v.en }, requiredWhen, source });
  }),
);

// ---- complaints ------------------------------------------------------------------------------------

export const COMPLAINT_SOURCE = defineEnum('source', { zh: '投诉来源', en: 'complaint source' }, [
  ['regulator_forwarded', '监管转办', 'forwarded by the regulator'],
  ['hotline', '12378热线转办', 'forwarded by the 12378 hotline'],
  ['direct', '公司直接受理', 'received directly'],
  ['mediation', '调解组织转办', 'forwarded by a mediation body'],
]);
export type ComplaintSource = EnumCode<typeof COMPLAINT_SOURCE>;

export const COMPLAINT_CATEGORY = defineEnum('category', { zh: '投诉事项', en: 'complaint category' }, [
  ['sales', '销售纠纷', 'sales dispute'],
  ['claims', '理赔纠纷', 'claims dispute'],
  ['surrender', '退保纠纷', 'surrender dispute'],
  ['policy_service', '保全及保单服务', 'policy service'],
  ['premium', '续期收费', 'renewal premium collection'],
  ['callback', '回访', 'callback'],
  ['service_quality', '服务质量', 'service quality'],
  ['other', '其他', 'other'],
]);
export type ComplaintCategory = EnumCode<typeof COMPLAINT_CATEGORY>;

export const EXTENSION = defineEnum('extension', { zh: '延期处理', en: 'extension' }, [
  ['none', '未延期', 'not extended (15 days)'],
  ['complex', '情况复杂(30日)', 'complex (30 days)'],
  ['especially_complex', '特别复杂(再延长30日)', 'especially complex (a further 30 days)'],
]);
export type Extension = EnumCode<typeof EXTENSION>;

export const OUTCOME = defineEnum('outcome', { zh: '处理结果', en: 'outcome' }, [
  ['upheld', '支持', 'upheld'],
  ['partially_upheld', '部分支持', 'partially upheld'],
  ['not_upheld', '不支持', 'not upheld'],
  ['withdrawn', '撤诉', 'withdrawn'],
  ['pending', '处理中', 'pending'],
]);
export type Outcome = EnumCode<typeof OUTCOME>;

export const SATISFACTION = defineEnum('satisfaction', { zh: '回访满意度', en: 'satisfaction' }, [
  ['satisfied', '满意', 'satisfied'],
  ['basically_satisfied', '基本满意', 'basically satisfied'],
  ['dissatisfied', '不满意', 'dissatisfied'],
  ['unreachable', '无法联系', 'unreachable'],
]);
export type Satisfaction = EnumCode<typeof SATISFACTION>;

/** Every enumeration, by name (the name is the column key that first uses it). */
export const ENUMS: Readonly<Record<string, EnumDef>> = Object.freeze({
  callback_type: CALLBACK_TYPE,
  product_type: PRODUCT_TYPE,
  channel: CHANNEL,
  payment_mode: PAYMENT_MODE,
  status: CALLBACK_STATUS,
  method: CALLBACK_METHOD,
  identity_check: IDENTITY_CHECK,
  confirmed_items: CONFIRMED_ITEM,
  problems: PROBLEM,
  problem_resolution: PROBLEM_RESOLUTION,
  source: COMPLAINT_SOURCE,
  category: COMPLAINT_CATEGORY,
  extension: EXTENSION,
  outcome: OUTCOME,
  satisfaction: SATISFACTION,
});
