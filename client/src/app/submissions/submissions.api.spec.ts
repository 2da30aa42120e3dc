import { fileNameOf } from './submissions.api';

describe('fileNameOf (Content-Disposition)', () => {
  it('prefers the RFC 5987 UTF-8 name and falls back to the plain one', () => {
    expect(fileNameOf(`attachment; filename="report.csv"; filename*=UTF-8''%E6%A0%A1%E9%AA%8C.csv`)).toBe(
      '校验.csv',
    );
    expect(fileNameOf('attachment; filename="report v1.xlsx"')).toBe('report v1.xlsx');
    expect(fileNameOf('attachment; filename=plain.csv')).toBe('plain.csv');
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('inline')).toBeNull();
  });
});
