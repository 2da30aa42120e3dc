import type { FileProblem } from '@portal/reporting-standard';

/**
 * A file the readers cannot read: not CSV/XLSX/gzip, an unknown text encoding, broken quoting, a zip bomb.
 * Becomes exactly one STR-010 issue (`FileValidator.fileProblem(variant, reason)`); the reason is bilingual
 * ("中文 / English") because it is shown inside both the Chinese and the English message.
 */
export class UnreadableFileError extends Error {
  constructor(
    readonly variant: FileProblem,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'UnreadableFileError';
  }
}

export const unreadable = (variant: FileProblem, zh: string, en: string): UnreadableFileError =>
  new UnreadableFileError(variant, `${zh} / ${en}`);
