import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Settings of the PDF renderer, read from the environment and validated once (like config/config.ts).
 * Kept beside the renderer so the feature stays self-contained; a bad value stops the process at boot.
 */
const pdfConfigSchema = z.object({
  /**
   * Where the Handlebars templates live (`<dir>/<templateName>/document.hbs`); default: `templates/` of the
   * working directory (the repository root), else the copy beside the built server (`dist/server/templates`).
   */
  TEMPLATES_DIR: z.string().optional(),
  /** Chromium to print with; default: the first of /usr/bin/chromium, chromium-browser, google-chrome. */
  CHROME_PATH: z.string().optional(),
  /** A render job that takes longer fails with a clear reason. */
  PDF_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** The long-lived browser is closed and relaunched after this many jobs (bounds leaks and memory). */
  PDF_RECYCLE_AFTER: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Jobs printed at the same time (the rest wait their turn). */
  PDF_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
});

export interface PdfConfig {
  templatesDir: string;
  chromePath?: string;
  timeoutMs: number;
  recycleAfter: number;
  concurrency: number;
}

export function loadPdfConfig(env: NodeJS.ProcessEnv = process.env): PdfConfig {
  const parsed = pdfConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`PDF 配置无效 / Invalid PDF configuration:\n${problems}`);
  }
  const c = parsed.data;
  return {
    templatesDir: path.resolve(c.TEMPLATES_DIR ?? defaultTemplatesDir()),
    chromePath: c.CHROME_PATH,
    timeoutMs: c.PDF_TIMEOUT_MS,
    recycleAfter: c.PDF_RECYCLE_AFTER,
    concurrency: c.PDF_CONCURRENCY,
  };
}

function defaultTemplatesDir(): string {
  const fromCwd = path.resolve(process.cwd(), 'templates');
  if (fs.existsSync(path.join(fromCwd, 'shared', 'blank.html'))) return fromCwd;
  // The webpack build copies templates/ next to main.js (server/webpack.config.js, assets).
  return path.join(__dirname, 'templates');
}
