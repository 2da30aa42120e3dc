/**
 * @portal/file-formats — reading uploaded files the same way on the server and in the browser pre-check:
 * format sniffing by content, the streaming RFC 4180 CSV parser, and the one error for unreadable files
 * (which becomes exactly one STR-010). Pure TypeScript: no Node, Nest or Angular imports.
 */
export * from './lib/unreadable';
export * from './lib/csv-parser';
export * from './lib/sniff-format';
