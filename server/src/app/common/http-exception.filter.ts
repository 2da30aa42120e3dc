import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { MAX_JSON_DEPTH } from './json-depth';

/**
 * Every error leaves the API in the one shape of API.md: `{statusCode, error, message}`, with a readable
 * message (Chinese and English). Unexpected errors are logged with the request id and never echoed.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    if (res.headersSent) return;

    let statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    let message: string;
    if (exception instanceof HttpException) {
      statusCode = exception.getStatus();
      message = messageOf(exception.getResponse()) ?? exception.message;
      // Nest's own "Cannot GET /x" for an unknown route, made readable in both languages.
      if (statusCode === 404 && /^Cannot [A-Z]+ /.test(message)) {
        message = `接口不存在 / No such endpoint: ${req.method} ${req.path}`;
      }
    } else if (isBodyParserError(exception)) {
      statusCode = exception.status;
      message =
        statusCode === 413
          ? '请求体过大 / Request body too large'
          : exception.type === 'entity.too.deep'
            ? `请求体嵌套层级过深（最多 ${MAX_JSON_DEPTH} 层） / Request body nested too deeply (at most ${MAX_JSON_DEPTH} levels)`
            : '请求体不是有效的 JSON / Request body is not valid JSON';
    } else {
      this.logger.error({ err: exception, reqId: req.id }, 'unhandled error');
      message = `服务器内部错误，请稍后重试（请求编号 ${req.id ?? '-'}） / Internal server error (request id ${req.id ?? '-'})`;
    }
    res.status(statusCode).json({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message });
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && 'message' in body) {
    const m = (body as { message: unknown }).message;
    if (Array.isArray(m)) return m.join('; ');
    if (typeof m === 'string') return m;
  }
  return undefined;
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return (
    !!e &&
    typeof e === 'object' &&
    'type' in e &&
    'status' in e &&
    typeof (e as { status: unknown }).status === 'number' &&
    (e as { status: number }).status < 500
  );
}
