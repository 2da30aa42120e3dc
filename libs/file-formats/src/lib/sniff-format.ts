import { unreadable } from './unreadable';

/** What the first bytes of an upload say it is. Formats are decided by content, never by the file name. */
export type SniffedFormat = 'gzip' | 'xlsx' | 'csv';

/** Bytes needed to decide (the longest signature checked, plus a window to look for NUL bytes). */
export const SNIFF_BYTES = 4096;

const startsWith = (b: Uint8Array, sig: readonly number[]): boolean =>
  b.length >= sig.length && sig.every((v, i) => b[i] === v);

/**
 * Decides the format from the first bytes (`head`, up to SNIFF_BYTES; fewer only at the end of the file):
 * gzip (1f 8b), XLSX (a zip: "PK\x03\x04"), otherwise CSV text. Recognisable formats that are not accepted
 * (Excel 97–2003 .xls, PDF, other archives, UTF-16 text, binary data) are refused with a message that says
 * what the file is and what to send instead.
 */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    throw unreadable('format', '空的 ZIP 文件', 'an empty ZIP archive');
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    throw unreadable(
      'format',
      '这是 Excel 97–2003 (.xls) 文件，请另存为 .xlsx 或 CSV',
      'this is an Excel 97–2003 (.xls) file: save it as .xlsx or CSV',
    );
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46]))
    throw unreadable('format', '这是 PDF 文件', 'this is a PDF file');
  if (
    startsWith(head, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(head, [0xff, 0xd8, 0xff]) ||
    startsWith(head, [0x52, 0x61, 0x72, 0x21]) ||
    startsWith(head, [0x37, 0x7a, 0xbc, 0xaf]) ||
    startsWith(head, [0x42, 0x5a, 0x68])
  )
    throw unreadable(
      'format',
      '这是图片或压缩包，不是报送文件',
      'this is an image or an archive, not a data file',
    );
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]))
    throw unreadable(
      'encoding',
      '这是 UTF-16 编码的文本，请另存为 UTF-8 或 GB18030',
      'this is UTF-16 text: save it as UTF-8 or GB18030',
    );
  if (head.indexOf(0) >= 0)
    throw unreadable(
      'format',
      '文件含有二进制数据（NUL 字节），不是 CSV 文本',
      'the file holds binary data (NUL bytes), not CSV text',
    );
  return 'csv';
}
