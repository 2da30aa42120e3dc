import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The embedded CJK font: @fontsource/noto-sans-sc's unicode-range CSS (regular and bold), its `./files/`
 * URLs rewritten to absolute file:// URLs so the page (which has a file:// origin) loads only the subsets
 * the document uses, from disk. `createRequire` because webpack rewrites a bare `require.resolve` to a
 * module id (stack-notes P4).
 */
export interface FontBundle {
  /** `@font-face` rules to inline in a `<style>`. */
  css: string;
  /** The directory holding the font files: the renderer lets the page read files here and nowhere else. */
  dir: string;
}

const WEIGHTS = ['400', '700'] as const;
let cached: FontBundle | undefined;

export function notoSansScFonts(): FontBundle {
  if (cached) return cached;
  const nodeRequire = createRequire(__filename);
  const pkgDir = path.dirname(nodeRequire.resolve('@fontsource/noto-sans-sc/package.json'));
  const filesDir = path.join(pkgDir, 'files');
  const base = pathToFileURL(filesDir).href + '/';
  const css = WEIGHTS.map((w) =>
    fs
      .readFileSync(path.join(pkgDir, `${w}.css`), 'utf8')
      .replace(/url\(\.\/files\//g, `url(${base}`)
      // woff2 is enough for Chromium; dropping the woff fallbacks keeps the inlined CSS small.
      .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''),
  ).join('\n');
  cached = { css, dir: filesDir };
  return cached;
}
