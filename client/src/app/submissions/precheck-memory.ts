import { Injectable } from '@angular/core';
import type { PrecheckResult } from '../precheck/precheck-run';

/**
 * The browser pre-check of each file uploaded in this tab, by submission id, so the report can show the
 * pre-check's counts next to the server's (they run the same library and should agree). Memory only.
 */
@Injectable({ providedIn: 'root' })
export class PrecheckMemory {
  private readonly byId = new Map<string, PrecheckResult>();

  remember(submissionId: string, result: PrecheckResult): void {
    this.byId.set(submissionId, result);
  }

  recall(submissionId: string): PrecheckResult | null {
    return this.byId.get(submissionId) ?? null;
  }
}
