import type { FileProblem } from '@portal/reporting-standard';

/**
 * A file the pre-check cannot read: not CSV/XLSX/gzip, an unknown text encoding, broken quoting. Becomes
 * exactly one STR-010 (`FileValidator.fileProblem(variant, reason)`), as on the server; the reason is
 * bilingual ("中文 / English") because it is shown inside both the Chinese and the English message.
 */
export class UnreadableFile extends Error {
  constructor(
    readonly variant: FileProblem,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'UnreadableFile';
  }
}

export const unreadable = (variant: FileProblem, zh: string, en: string): UnreadableFile =>
  new UnreadableFile(variant, `${zh} / ${en}`);
