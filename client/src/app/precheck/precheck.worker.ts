/**
 * The browser pre-check as a Web Worker: the file is streamed and checked off the page's thread, progress
 * and the final counts are posted back. All the work is in `precheck-run.ts` (a plain module, unit-tested).
 * Typed with the DOM library the app compiles with; in a worker, `self.postMessage` takes no target origin.
 */
import type { PrecheckEvent, PrecheckStart } from './precheck.messages';
import { runPrecheck } from './precheck-run';

const scope = self as unknown as {
  postMessage(event: PrecheckEvent): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<PrecheckStart>) => void): void;
};

scope.addEventListener('message', (e) => {
  const msg = e.data;
  if (msg?.type !== 'start') return;
  runPrecheck(msg.file, msg.request, (p) => scope.postMessage({ type: 'progress', ...p })).then(
    (result) => scope.postMessage({ type: 'result', result }),
    (err: unknown) =>
      scope.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
});
