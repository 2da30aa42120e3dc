/**
 * The 20 fictional demo insurers: 12 life (人身险) and 8 property (财产险) companies.
 *
 * Names are invented (poetic place-like words + 人寿/健康/财产保险); none is meant to be a real company.
 * Codes are valid unified social credit codes built with `buildUscc`, from a fixed seed, so they do
 * not change with the demo seed (accounts and fixtures can refer to them).
 */
import { buildUscc, isValidUscc, USCC_ALPHABET } from '@portal/reporting-standard';
import { Rng } from './prng';
import { containsIdNumber, containsMobile, longestDigitRun } from './pii';
import type { CallbackRule, Channel, Method } from './standard';

export type OrgGroup = 'life' | 'property';

/** Mix of callback case kinds; `nb_long` is new business with term > 12 months (CB rule scope). */
export type CallbackKind =
  | 'nb_long'
  | 'nb_short'
  | 'claim'
  | 'policy_service'
  | 'renewal'
  | 'orphan_policy'
  | 'satisfaction';

export interface CallbackBehaviour {
  kindMix: Partial<Record<CallbackKind, number>>;
  channelMix: Partial<Record<Channel, number>>;
  /** share of in-scope new-business rows refused / cancelled before the callback */
  refusedRate: number;
  cancelledRate: number;
  /** success ÷ (due − refused − cancelled), the CB-C1 success rate the file is built to */
  successRate: number;
  /** share of (due − refused − cancelled) left `not_attempted` (each one is a CB-01 finding) */
  notAttemptedRate: number;
  /** final method of clean successful callbacks */
  methodMix: Record<Method, number>;
  /** per-rule share of applicable rows that break the rule (CB-01 is `notAttemptedRate`) */
  breakRates: Record<Exclude<CallbackRule, 'CB-01'>, number>;
  /** share of clean successful new-business callbacks that find a (resolved) problem */
  problemRate: number;
  /** health-insurance company: new business is health products only */
  healthOnly?: boolean;
}

export interface ComplaintBehaviour {
  /** share of regulator-forwarded complaints */
  forwardedShare: number;
  /** share of non-forwarded, non-withdrawn complaints decided late or left pending too long (CP-01) */
  lateRate: number;
  /** share of forwarded complaints handled or called back after the deadline (CP-02) */
  forwardLateRate: number;
  /** number of forwarded complaints per period without a callback (CP-03 → CP-C1) */
  forwardedWithoutCallback: number;
  upheldBias: number;
  repeatRate: number;
}

export interface ProfileBase {
  /** premium income in 万元 for an H2 half-year */
  premium: number;
  newPoliciesPer100m: number;
  inForcePer100m: number;
  insuredPerPolicy: number;
  salesStaffPer100m: number;
  employeesPer100m: number;
}

export interface DemoOrg {
  /** unified social credit code (统一社会信用代码) */
  code: string;
  name: string;
  shortName: string;
  /** ASCII tag used in policy / case numbers */
  tag: string;
  group: OrgGroup;
  /** administrative division of registration (6 digits) */
  division: string;
  foundedOn: string;
  /** rows per half-year at scale 1 (an H2; H1 is multiplied by `h1Factor`) */
  callbacksPerHalf: number;
  complaintsPerHalf: number;
  /** H1 volume factor (开门红 for life insurers) */
  h1Factor: number;
  profile: ProfileBase;
  callbacks: CallbackBehaviour;
  complaints: ComplaintBehaviour;
  /** what the org is built to show in the demo */
  traits: string[];
}

const ORG_SEED = 20240601;

const BASE_BREAK_RATES: Record<Exclude<CallbackRule, 'CB-01'>, number> = {
  'CB-02': 0.012,
  'CB-03': 0.008,
  'CB-04': 0.006,
  'CB-05': 0.0025,
  'CB-06': 0.003,
  'CB-07': 0.0025,
  'CB-08': 0.001,
  'CB-09': 0.003,
  'CB-10': 0.004,
  'CB-11': 0.002,
  'CL-01': 0.02,
};

interface OrgSeed {
  name: string;
  shortName: string;
  tag: string;
  division: string;
  foundedOn: string;
  /** life: new-business rows per H2; property: all callback rows per H2 */
  volume: number;
  complaints: number;
  /** premium income per H2 in 亿元 */
  premium100m: number;
  h1Factor: number;
  channelMix?: Partial<Record<Channel, number>>;
  successRate: number;
  sloppiness: number;
  visitLetter?: number;
  forwardedWithoutCallback?: number;
  forwardLateRate?: number;
  lateRate?: number;
  healthOnly?: boolean;
  traits?: string[];
}

const AGENT_HEAVY: Partial<Record<Channel, number>> = {
  agent: 58,
  bancassurance: 26,
  telemarketing: 5,
  internet: 5,
  intermediary: 4,
  direct: 2,
};
const BANK_HEAVY: Partial<Record<Channel, number>> = {
  agent: 22,
  bancassurance: 66,
  telemarketing: 3,
  internet: 4,
  intermediary: 4,
  direct: 1,
};
const INTERNET_HEAVY: Partial<Record<Channel, number>> = {
  agent: 20,
  bancassurance: 15,
  telemarketing: 12,
  internet: 45,
  intermediary: 6,
  direct: 2,
};
const BALANCED: Partial<Record<Channel, number>> = {
  agent: 42,
  bancassurance: 38,
  telemarketing: 6,
  internet: 6,
  intermediary: 6,
  direct: 2,
};

const LIFE: OrgSeed[] = [
  {
    name: '长乐人寿保险股份有限公司',
    shortName: '长乐人寿',
    tag: 'CLRS',
    division: '110000',
    foundedOn: '2002-09-16',
    volume: 12000,
    complaints: 560,
    premium100m: 380,
    h1Factor: 1.32,
    channelMix: AGENT_HEAVY,
    successRate: 0.965,
    sloppiness: 0.6,
    traits: ['largest life insurer'],
  },
  {
    name: '云岫人寿保险股份有限公司',
    shortName: '云岫人寿',
    tag: 'YXRS',
    division: '310000',
    foundedOn: '2004-06-08',
    volume: 8000,
    complaints: 420,
    premium100m: 260,
    h1Factor: 1.25,
    channelMix: BANK_HEAVY,
    successRate: 0.935,
    sloppiness: 1.0,
    traits: ['bancassurance-heavy'],
  },
  {
    name: '澄江人寿保险股份有限公司',
    shortName: '澄江人寿',
    tag: 'CJRS',
    division: '440300',
    foundedOn: '2006-11-20',
    volume: 5000,
    complaints: 380,
    premium100m: 120,
    h1Factor: 1.18,
    channelMix: BALANCED,
    successRate: 0.86,
    sloppiness: 2.2,
    forwardLateRate: 0.12,
    lateRate: 0.07,
    traits: ['CB-C1: success rate below 90%', 'many findings'],
  },
  {
    name: '青禾人寿保险股份有限公司',
    shortName: '青禾人寿',
    tag: 'QHRS',
    division: '330000',
    foundedOn: '2008-04-02',
    volume: 3500,
    complaints: 150,
    premium100m: 75,
    h1Factor: 1.2,
    channelMix: AGENT_HEAVY,
    successRate: 0.955,
    sloppiness: 0.5,
  },
  {
    name: '松韵人寿保险有限公司',
    shortName: '松韵人寿',
    tag: 'SYRS',
    division: '310000',
    foundedOn: '2001-03-28',
    volume: 2500,
    complaints: 90,
    premium100m: 48,
    h1Factor: 1.15,
    channelMix: BALANCED,
    successRate: 0.972,
    sloppiness: 0.3,
    traits: ['cleanest'],
  },
  {
    name: '锦川人寿保险股份有限公司',
    shortName: '锦川人寿',
    tag: 'JCRS',
    division: '510000',
    foundedOn: '2010-07-15',
    volume: 1800,
    complaints: 160,
    premium100m: 36,
    h1Factor: 1.22,
    channelMix: AGENT_HEAVY,
    successRate: 0.925,
    sloppiness: 1.4,
    visitLetter: 0.13,
    traits: ['CB-C2: visit+letter share above 10%'],
  },
  {
    name: '远帆人寿保险股份有限公司',
    shortName: '远帆人寿',
    tag: 'YFRS',
    division: '120000',
    foundedOn: '2012-12-03',
    volume: 1400,
    complaints: 70,
    premium100m: 27,
    h1Factor: 1.16,
    channelMix: BANK_HEAVY,
    successRate: 0.95,
    sloppiness: 0.8,
  },
  {
    name: '明湖人寿保险股份有限公司',
    shortName: '明湖人寿',
    tag: 'MHRS',
    division: '370000',
    foundedOn: '2015-05-26',
    volume: 1100,
    complaints: 110,
    premium100m: 21,
    h1Factor: 1.21,
    channelMix: BALANCED,
    successRate: 0.94,
    sloppiness: 1.1,
    forwardedWithoutCallback: 2,
    traits: ['CP-C1: forwarded complaints without callback', 'invalid first upload (injected errors)'],
  },
  {
    name: '栖霞人寿保险股份有限公司',
    shortName: '栖霞人寿',
    tag: 'QXRS',
    division: '320000',
    foundedOn: '2016-08-30',
    volume: 900,
    complaints: 40,
    premium100m: 16,
    h1Factor: 1.12,
    channelMix: AGENT_HEAVY,
    successRate: 0.976,
    sloppiness: 0.4,
  },
  {
    name: '望舒人寿保险股份有限公司',
    shortName: '望舒人寿',
    tag: 'WSRS',
    division: '500000',
    foundedOn: '2017-04-12',
    volume: 750,
    complaints: 55,
    premium100m: 12,
    h1Factor: 1.1,
    channelMix: INTERNET_HEAVY,
    successRate: 0.945,
    sloppiness: 1.2,
    traits: ['internet-heavy'],
  },
  {
    name: '晴川健康保险股份有限公司',
    shortName: '晴川健康',
    tag: 'QCJK',
    division: '420000',
    foundedOn: '2018-01-18',
    volume: 600,
    complaints: 28,
    premium100m: 9,
    h1Factor: 1.08,
    channelMix: INTERNET_HEAVY,
    successRate: 0.95,
    sloppiness: 0.9,
    healthOnly: true,
    traits: ['health insurer', 'fewer than 30 complaints (not ranked)'],
  },
  {
    name: '溪山人寿保险股份有限公司',
    shortName: '溪山人寿',
    tag: 'XSRS',
    division: '350000',
    foundedOn: '2019-09-23',
    volume: 500,
    complaints: 22,
    premium100m: 6,
    h1Factor: 1.14,
    channelMix: BANK_HEAVY,
    successRate: 0.93,
    sloppiness: 1.6,
    traits: ['smallest life insurer', 'fewer than 30 complaints (not ranked)'],
  },
];

const PROPERTY: OrgSeed[] = [
  {
    name: '星垣财产保险股份有限公司',
    shortName: '星垣财险',
    tag: 'XYCX',
    division: '110000',
    foundedOn: '2003-07-09',
    volume: 6000,
    complaints: 600,
    premium100m: 310,
    h1Factor: 1.04,
    successRate: 0.95,
    sloppiness: 0.7,
    traits: ['largest property insurer'],
  },
  {
    name: '翠屏财产保险股份有限公司',
    shortName: '翠屏财险',
    tag: 'CPCX',
    division: '440300',
    foundedOn: '2005-10-21',
    volume: 4000,
    complaints: 380,
    premium100m: 180,
    h1Factor: 1.0,
    successRate: 0.94,
    sloppiness: 1.0,
  },
  {
    name: '鸣泉财产保险股份有限公司',
    shortName: '鸣泉财险',
    tag: 'MQCX',
    division: '310000',
    foundedOn: '2008-02-14',
    volume: 2500,
    complaints: 300,
    premium100m: 95,
    h1Factor: 0.97,
    successRate: 0.93,
    sloppiness: 1.5,
    forwardedWithoutCallback: 1,
    traits: ['CP-C1: a forwarded complaint without callback', 'invalid first upload (injected errors)'],
  },
  {
    name: '皓月财产保险股份有限公司',
    shortName: '皓月财险',
    tag: 'HYCX',
    division: '210000',
    foundedOn: '2011-09-05',
    volume: 1800,
    complaints: 140,
    premium100m: 60,
    h1Factor: 1.06,
    successRate: 0.955,
    sloppiness: 0.6,
  },
  {
    name: '临川财产保险股份有限公司',
    shortName: '临川财险',
    tag: 'LCCX',
    division: '360000',
    foundedOn: '2013-06-17',
    volume: 1200,
    complaints: 90,
    premium100m: 38,
    h1Factor: 1.02,
    successRate: 0.95,
    sloppiness: 0.8,
  },
  {
    name: '枫桥财产保险股份有限公司',
    shortName: '枫桥财险',
    tag: 'FQCX',
    division: '330000',
    foundedOn: '2014-12-30',
    volume: 900,
    complaints: 120,
    premium100m: 22,
    h1Factor: 1.08,
    successRate: 0.92,
    sloppiness: 1.8,
    forwardLateRate: 0.15,
    lateRate: 0.08,
    traits: ['most complaints per premium'],
  },
  {
    name: '岚峰财产保险股份有限公司',
    shortName: '岚峰财险',
    tag: 'LFCX',
    division: '610000',
    foundedOn: '2016-03-11',
    volume: 700,
    complaints: 35,
    premium100m: 15,
    h1Factor: 0.95,
    successRate: 0.96,
    sloppiness: 0.5,
  },
  {
    name: '沧浪财产保险股份有限公司',
    shortName: '沧浪财险',
    tag: 'CLCX',
    division: '320000',
    foundedOn: '2019-11-08',
    volume: 500,
    complaints: 20,
    premium100m: 8,
    h1Factor: 1.1,
    successRate: 0.94,
    sloppiness: 1.0,
    traits: ['smallest property insurer', 'fewer than 30 complaints (not ranked)'],
  },
];

/** A deterministic organisation-code body: 8 characters, 'MA' + 6 for companies registered from Oct 2015 on. */
function orgBody(tag: string, foundedOn: string, attempt: number): string {
  const rng = new Rng(ORG_SEED, `body:${tag}:${attempt}`);
  const letters = USCC_ALPHABET.slice(10);
  let body = foundedOn >= '2015-10-01' ? 'MA' : String(rng.int(1, 7)) + rng.pick(letters.split(''));
  while (body.length < 8) body += USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)];
  return body;
}

function makeCode(s: OrgSeed): string {
  for (let attempt = 0; ; attempt++) {
    const code = buildUscc('91', s.division, orgBody(s.tag, s.foundedOn, attempt));
    // never something a PII scanner could mistake for an ID or mobile number
    if (isValidUscc(code) && !containsIdNumber(code) && !containsMobile(code) && longestDigitRun(code) < 11)
      return code;
  }
}

function breakRates(s: OrgSeed, group: OrgGroup): CallbackBehaviour['breakRates'] {
  const out = { ...BASE_BREAK_RATES };
  for (const rule of Object.keys(out) as Array<keyof typeof out>) {
    // per-org, per-rule character (0.3×–2×) so rankings differ rule by rule
    const jitter = 0.3 + 1.7 * new Rng(ORG_SEED, `rate:${s.tag}:${rule}`).next();
    out[rule] = out[rule] * s.sloppiness * jitter;
  }
  if (s.visitLetter) {
    out['CB-05'] *= 3;
    out['CB-07'] *= 3;
  }
  if (group === 'property') out['CL-01'] *= 1.2;
  return out;
}

function build(s: OrgSeed, group: OrgGroup): DemoOrg {
  const life = group === 'life';
  const vl = s.visitLetter ?? 0.012 + 0.02 * new Rng(ORG_SEED, `vl:${s.tag}`).next();
  const electronic =
    s.channelMix === INTERNET_HEAVY ? 0.45 : 0.22 + 0.1 * new Rng(ORG_SEED, `el:${s.tag}`).next();
  const nbShare = 0.52 + 0.08 * new Rng(ORG_SEED, `nb:${s.tag}`).next();
  const shortShare = s.channelMix === INTERNET_HEAVY ? 0.18 : 0.05;
  const kindMix: Partial<Record<CallbackKind, number>> = life
    ? {
        nb_long: nbShare * (1 - shortShare),
        nb_short: nbShare * shortShare,
        renewal: (1 - nbShare) * 0.32,
        policy_service: (1 - nbShare) * 0.27,
        claim: (1 - nbShare) * 0.2,
        satisfaction: (1 - nbShare) * 0.12,
        orphan_policy: (1 - nbShare) * 0.09,
      }
    : { claim: 0.62, satisfaction: 0.24, nb_short: 0.1, policy_service: 0.04 };
  const callbacksPerHalf = life ? Math.round(s.volume / nbShare) : s.volume;
  const p = new Rng(ORG_SEED, `profile:${s.tag}`);
  return {
    code: makeCode(s),
    name: s.name,
    shortName: s.shortName,
    tag: s.tag,
    group,
    division: s.division,
    foundedOn: s.foundedOn,
    callbacksPerHalf,
    complaintsPerHalf: s.complaints,
    h1Factor: s.h1Factor,
    profile: life
      ? {
          premium: s.premium100m * 10000,
          newPoliciesPer100m:
            s.channelMix === INTERNET_HEAVY ? 9000 + 4000 * p.next() : 2200 + 1800 * p.next(),
          inForcePer100m: 22000 + 10000 * p.next(),
          insuredPerPolicy: 1.6 + 0.8 * p.next(),
          salesStaffPer100m: s.channelMix === AGENT_HEAVY ? 140 + 40 * p.next() : 50 + 40 * p.next(),
          employeesPer100m: 18 + 10 * p.next(),
        }
      : {
          premium: s.premium100m * 10000,
          newPoliciesPer100m: 22000 + 8000 * p.next(),
          inForcePer100m: 30000 + 10000 * p.next(),
          insuredPerPolicy: 2.5 + 1.5 * p.next(),
          salesStaffPer100m: 20 + 15 * p.next(),
          employeesPer100m: 40 + 20 * p.next(),
        },
    callbacks: {
      kindMix,
      channelMix: s.channelMix ?? { agent: 45, intermediary: 30, internet: 15, direct: 10 },
      refusedRate: 0.012 + 0.015 * new Rng(ORG_SEED, `ref:${s.tag}`).next(),
      cancelledRate: 0.01 + 0.02 * new Rng(ORG_SEED, `can:${s.tag}`).next(),
      successRate: s.successRate,
      notAttemptedRate: Math.min(0.05, 0.004 * s.sloppiness + (s.successRate < 0.9 ? 0.02 : 0)),
      methodMix: { phone: 1 - electronic - vl, electronic, visit: vl * 0.55, letter: vl * 0.45 },
      breakRates: breakRates(s, group),
      problemRate: 0.015 + 0.02 * new Rng(ORG_SEED, `pr:${s.tag}`).next(),
      healthOnly: s.healthOnly,
    },
    complaints: {
      forwardedShare: 0.1 + 0.1 * new Rng(ORG_SEED, `fw:${s.tag}`).next(),
      lateRate: s.lateRate ?? 0.01 + 0.02 * s.sloppiness * new Rng(ORG_SEED, `late:${s.tag}`).next(),
      forwardLateRate: s.forwardLateRate ?? (s.sloppiness >= 1 ? 0.03 : 0),
      forwardedWithoutCallback: s.forwardedWithoutCallback ?? 0,
      upheldBias: new Rng(ORG_SEED, `up:${s.tag}`).next(),
      repeatRate: 0.03 + 0.07 * new Rng(ORG_SEED, `rep:${s.tag}`).next(),
    },
    traits: s.traits ?? [],
  };
}

export const DEMO_ORGS: readonly DemoOrg[] = [
  ...LIFE.map((s) => build(s, 'life')),
  ...PROPERTY.map((s) => build(s, 'property')),
];

export const LIFE_ORGS = DEMO_ORGS.filter((o) => o.group === 'life');
export const PROPERTY_ORGS = DEMO_ORGS.filter((o) => o.group === 'property');

/** Finds a demo org by its code, tag (e.g. 'CLRS') or short name (e.g. '长乐人寿'). */
export function findOrg(key: string): DemoOrg | undefined {
  const k = key.trim();
  return DEMO_ORGS.find(
    (o) => o.code === k || o.tag.toLowerCase() === k.toLowerCase() || o.shortName === k || o.name === k,
  );
}
