import { ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/config';
import { HttpExceptionFilter } from './http-exception.filter';
import { JsonTooDeepError, jsonTooDeep } from './json-depth';

export const API_PREFIX = 'api';

/** Everything about the HTTP surface that is not a route: used by main.ts and by the tests alike. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.setGlobalPrefix(API_PREFIX);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'worker-src': ["'self'", 'blob:'],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
        },
      },
    }),
  );
  // API answers are personal or tenant data: no browser or proxy keeps them (ASVS 8.1.1, 8.2.1). Routes that
  // may be cached (published bulletins, ETag-revalidated statistics) set their own Cache-Control.
  app.use(`/${API_PREFIX}`, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // JSON bodies are small; uploads are multipart and streamed by their own route.
  // Nesting is bounded before parsing: deep bodies overflow the recursive DTO transformation (ASVS 13.2, 5.1).
  app.use(
    `/${API_PREFIX}`,
    express.json({
      limit: config.JSON_BODY_LIMIT,
      verify: (_req, _res, buf) => {
        if (jsonTooDeep(buf)) throw new JsonTooDeepError();
      },
    }),
  );
  const origins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins, credentials: true });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('回访与投诉监管报送平台 API / Call-back and complaint supervision portal API')
      .setDescription('Integration API v1 — see API.md. 错误格式 / errors: {statusCode, error, message}.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });

  serveClient(app, config.CLIENT_DIST);
}

/** Serves the built Angular client at `/`, with index.html for every non-API path (client-side routes). */
function serveClient(app: NestExpressApplication, dist: string): void {
  if (!dist) return;
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index))
    throw new Error(`CLIENT_DIST 中没有 index.html / no index.html in CLIENT_DIST (${dist})`);
  app.useStaticAssets(dist, { index: false, maxAge: '1h', setHeaders: noCacheForIndex });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith(`/${API_PREFIX}/`) || req.path === `/${API_PREFIX}`)
      return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

function noCacheForIndex(res: Response, filePath: string): void {
  if (filePath.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
