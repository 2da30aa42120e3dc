/**
 * Renders an issue as a sentence in Chinese or English: where (row), what (column, masked value, details),
 * and why (rule code, title and the regulation article). All wording comes from the catalog and the
 * column definitions; this file only fills placeholders (syntax: see catalog.ts).
 */
import {
  CATALOG_V1,
  findRule,
  MESSAGE_FRAME,
  VOCABULARY,
  type Catalog,
  type RuleDefinition,
} from './catalog';
import { columnByKey, columnName, describeAllowed, describeExpected, KIND_DEFS } from './columns';
import { ENUMS, enumLabel } from './enums';
import { valueParam } from './issues';
import { maskPii } from './pii';
import type { Issue, Kind, Lang } from './types';

const PLACEHOLDER = /\{([A-Za-z0-9_.]+(?::[A-Za-z0-9_]+)*)\}/g;

type Lookup = (name: string) => string | undefined;

function render(template: string, lookup: Lookup): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => lookup(name) ?? whole);
}

function listSep(lang: Lang): string {
  return lang === 'zh' ? '、' : ', ';
}

function splitList(v: string | number | undefined): string[] {
  if (v === undefined || v === '') return [];
  return String(v).split(',');
}

/** `{p:modifier[:code]}` → text. */
function modified(
  value: string | number | undefined,
  modifier: string,
  withCode: boolean,
  lang: Lang,
): string | undefined {
  if (value === undefined) return undefined;
  const items = splitList(value);
  if (modifier === 'column') return columnName(String(value), lang);
  if (modifier === 'columns') return items.map((k) => columnName(k, lang)).join(listSep(lang));
  if (modifier === 'kind') return KIND_DEFS[String(value) as Kind]?.title[lang] ?? String(value);
  const def = ENUMS[modifier];
  if (!def) return String(value);
  if (items.length === 0) return VOCABULARY['noValue'][lang];
  if (!withCode) return items.map((c) => enumLabel(def, c, lang)).join(listSep(lang));
  // English labels may contain commas: separate "code label" items with semicolons.
  return items.map((c) => `${c} ${enumLabel(def, c, lang)}`).join(lang === 'zh' ? '、' : '; ');
}

function paramLookup(issue: Issue, lang: Lang, extra: Lookup): Lookup {
  const params = issue.params ?? {};
  return (name) => {
    const own = extra(name);
    if (own !== undefined) return own;
    const parts = name.split(':');
    if (parts.length > 1) return modified(params[parts[0]], parts[1], parts[2] === 'code', lang);
    const v = params[name];
    if (v === undefined) return undefined;
    return name === 'reason' ? languageHalf(String(v), lang) : String(v);
  };
}

/**
 * A reason written once in both languages, `中文 / English` (how the file readers describe an unreadable file),
 * contributes only its own language's half to a message in that language.
 */
function languageHalf(text: string, lang: Lang): string {
  const cut = text.indexOf(' / ');
  if (cut < 0) return text;
  return lang === 'zh' ? text.slice(0, cut) : text.slice(cut + 3);
}

function renderDetails(issue: Issue, rule: RuleDefinition, lang: Lang): string {
  if (!rule.detail) return '';
  const params = issue.params ?? {};
  const template = rule.detail[lang];
  const items: string[] = [];
  const value = (key: string): string => {
    const v = params[valueParam(key)];
    return v === undefined ? (key === issue.column ? (issue.value ?? '') : '') : String(v);
  };
  if (params['pairs'] !== undefined) {
    for (const pair of splitList(params['pairs'])) {
      const [later, earlier] = pair.split('<');
      items.push(
        render(template, (n) =>
          n === 'column'
            ? columnName(later, lang)
            : n === 'value'
              ? value(later)
              : n === 'other'
                ? columnName(earlier, lang)
                : n === 'otherValue'
                  ? value(earlier)
                  : undefined,
        ),
      );
    }
  } else {
    const columns =
      params['columns'] !== undefined ? splitList(params['columns']) : issue.column ? [issue.column] : [];
    for (const key of columns) {
      const def = columnByKey(key);
      items.push(
        render(template, (n) => {
          switch (n) {
            case 'column':
              return columnName(key, lang);
            case 'value':
              return value(key);
            case 'expected':
              return def ? describeExpected(def, lang) : '';
            case 'allowed':
              return def ? describeAllowed(def) : '';
            case 'condition':
              return def?.requiredWhen ? def.requiredWhen.text[lang] : VOCABULARY['always'][lang];
            case 'piiKind': {
              const kind = params[`pii.${key}`];
              return kind === undefined ? '' : (VOCABULARY[String(kind)]?.[lang] ?? String(kind));
            }
            default:
              return undefined;
          }
        }),
      );
    }
  }
  return items.join(lang === 'zh' ? '；' : '; ');
}

function renderReasons(issue: Issue, rule: RuleDefinition, lang: Lang, lookup: Lookup): string {
  const reasons = splitList(issue.params?.['reasons']);
  return reasons
    .map((r) => {
      const t = rule.reasons?.[r];
      return t ? render(t[lang], lookup) : r;
    })
    .join(lang === 'zh' ? '；' : '; ');
}

/**
 * The issue as a sentence in `lang`, e.g.
 * `第5行：回访完成日期(completed_on)“2026-03-18”晚于犹豫期最后一天2026-03-17（…）（CB-02“犹豫期内完成回访”；依据：人身保险业务基本服务规定 第十五条）`.
 * Values are the issue's (already masked) values; the result is masked once more as a safeguard.
 * A rule missing from `catalog` is looked up in the base catalog v1.
 */
export function formatMessage(issue: Issue, catalog: Catalog, lang: Lang = 'zh'): string {
  const rule = findRule(catalog, issue.rule) ?? findRule(CATALOG_V1, issue.rule);
  if (!rule) return maskPii(`${issue.rule}: ${issue.column ?? ''} ${issue.value ?? ''}`.trim());
  const variant = issue.params?.['variant'];
  const template = (variant !== undefined && rule.variants?.[String(variant)]) || rule.message;

  const base: Lookup = (n) => {
    switch (n) {
      case 'column':
        return issue.column ? columnName(issue.column, lang) : '';
      case 'value':
        return issue.value ?? VOCABULARY['noValue'][lang];
      case 'row':
        return issue.row === null ? '' : String(issue.row);
      default:
        return undefined;
    }
  };
  const lookup = paramLookup(issue, lang, base);
  const body = render(template[lang], (n) => {
    if (n === 'details') return renderDetails(issue, rule, lang);
    if (n === 'reasons') return renderReasons(issue, rule, lang, lookup);
    return lookup(n);
  });
  const where = issue.row === null ? '' : render(MESSAGE_FRAME.row[lang], lookup);
  const why = render(MESSAGE_FRAME.basis[lang], (n) =>
    n === 'code'
      ? rule.code
      : n === 'title'
        ? rule.title[lang]
        : n === 'citation'
          ? rule.citation[lang]
          : undefined,
  );
  return maskPii(where + body + why);
}
