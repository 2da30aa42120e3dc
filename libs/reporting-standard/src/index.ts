/**
 * @portal/reporting-standard — reporting standard v1 and rule catalog v1, as one pure TypeScript library
 * shared by the server and the browser pre-check (no Node, Nest or Angular imports).
 */
export * from './lib/types';
export * from './lib/enums';
export * from './lib/columns';
export * from './lib/parsers';
export * from './lib/pii';
export * from './lib/uscc';
export * from './lib/issues';
export * from './lib/header';
export * from './lib/catalog';
export * from './lib/messages';
export * from './lib/records';
export { periodFromCode, CalendarGap, MemoWorkingDays, assertRowContext } from './lib/context';
export type { WorkingDayCalculator, Period, RowContext } from './lib/context';
export { validateRow, prepareContext, IMPLEMENTED_RECORD_RULES } from './lib/validate-row';
export type { RowResult } from './lib/validate-row';
export * from './lib/duplicates';
export * from './lib/file-check';
export { evaluateCompanyRules } from './lib/rules/company-rules';
export type { CompanyFigures } from './lib/rules/company-rules';
export { methodsTried } from './lib/rules/callback-rules';
export type { RecordRule, RuleEnv } from './lib/rules/rule';
