/**
 * The library must run unchanged in a browser Web Worker: no Node built-ins, no Nest, no Angular.
 * (tsconfig.lib.json also compiles it without Node types.)
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('library purity', () => {
  const files = sources(join(__dirname, '..'));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(f.indexOf('src/'))]))(
    '%s imports only relative modules and uses no Node globals',
    (file) => {
      const text = readFileSync(join(__dirname, '..', file.slice(4)), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect(spec.startsWith('.')).toBe(true);
      expect(text).not.toMatch(/\brequire\(|\bBuffer\b|\bprocess\.|@nestjs|@angular|from 'fs'|from 'stream'/);
    },
  );
});
