import type { PrecheckProgress, PrecheckRequest, PrecheckResult } from './precheck-run';

/** Page → worker: check this file. */
export interface PrecheckStart {
  readonly type: 'start';
  readonly file: Blob;
  readonly request: PrecheckRequest;
}

/** Worker → page, in order: progress (throttled), then exactly one of result or failed. */
export type PrecheckEvent =
  | ({ readonly type: 'progress' } & PrecheckProgress)
  | { readonly type: 'result'; readonly result: PrecheckResult }
  | { readonly type: 'failed'; readonly message: string };
