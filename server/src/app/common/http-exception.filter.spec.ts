import { type ArgumentsHost, NotFoundException } from '@nestjs/common';
import { HttpExceptionFilter } from './http-exception.filter';
import { JsonTooDeepError } from './json-depth';

/** What the filter answers (ASVS 7.4.1: a generic message with a request id, never a stack or internals). */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  let status = 0;
  let body: Record<string, unknown> = {};
  const res = {
    headersSent: false,
    status(s: number) {
      status = s;
      return this;
    },
    json(b: Record<string, unknown>) {
      body = b;
      return this;
    },
  };
  const req = { id: 'req-123', method: 'GET', path: '/api/x' };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }),
  } as unknown as ArgumentsHost;
  const filter = new HttpExceptionFilter();
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
  filter.catch(exception, host);
  return { status, body };
}

describe('HttpExceptionFilter', () => {
  it('answers an unexpected error with a generic bilingual message and the request id, nothing of the error', () => {
    const err = new Error(
      'duplicate key value violates unique constraint "secret_table_pkey" at /srv/app/x.ts:12',
    );
    const { status, body } = answer(err);
    expect(status).toBe(500);
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(body['message']).toMatch(/服务器内部错误.*req-123.*Internal server error.*req-123/);
    const text = JSON.stringify(body);
    for (const leak of [
      'secret_table',
      'duplicate key',
      '/srv/app',
      'at ',
      (err.stack ?? '').split('\n')[1].trim(),
    ])
      expect(text).not.toContain(leak);
  });

  it('words a too-deep JSON body as 400 and keeps HTTP exceptions’ own messages', () => {
    expect(answer(new JsonTooDeepError())).toEqual({
      status: 400,
      body: expect.objectContaining({ message: expect.stringMatching(/嵌套层级过深.*nested too deeply/) }),
    });
    expect(answer(new NotFoundException('报送不存在 / Submission not found')).body['message']).toBe(
      '报送不存在 / Submission not found',
    );
  });
});
