/**
 * @portal/file-formats — reading uploaded files the same way on the server and in the browser pre-check:
 * format sniffing by content, the streaming RFC 4180 CSV parser, text decoding with encoding detection
 * (UTF-8, else GB18030), the XLSX reader (a random-access zip reader with its zip-bomb guard, a streaming
 * XML scanner, the first worksheet row by row), and the one error for unreadable files (which becomes
 * exactly one STR-010). Pure TypeScript: no Node, Nest or Angular imports (inflate is the platform's
 * `DecompressionStream`, present in browsers and Node 20).
 */
export * from './lib/unreadable';
export * from './lib/csv-parser';
export * from './lib/sniff-format';
export * from './lib/text-decoding';
export * from './lib/random-access';
export * from './lib/zip';
export * from './lib/xml-scanner';
export * from './lib/xlsx';
