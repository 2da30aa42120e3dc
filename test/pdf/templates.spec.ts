import Handlebars from 'handlebars';
import fs from 'node:fs';
import path from 'node:path';

const TEMPLATES = path.resolve(__dirname, '../../templates');

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

/** The templates of every PDF: data is always escaped, and every template compiles in strict mode. */
describe('templates', () => {
  const hbs = files(TEMPLATES, '.hbs');

  it('exist (the bulletin and its partials)', () => {
    expect(hbs.map((f) => path.relative(TEMPLATES, f))).toEqual(
      expect.arrayContaining([
        'bulletin/document.hbs',
        'bulletin/partials/cover.hbs',
        'bulletin/partials/methodology.hbs',
      ]),
    );
  });

  it.each(hbs.map((f) => [path.relative(TEMPLATES, f), f]))(
    '%s never uses triple-stash {{{…}}} or {{& …}}',
    (_, file) => {
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toContain('{{{');
      expect(text).not.toMatch(/\{\{~?&/);
    },
  );

  it.each(hbs.map((f) => [path.relative(TEMPLATES, f), f]))('%s compiles in strict mode', (_, file) => {
    expect(() => Handlebars.precompile(fs.readFileSync(file, 'utf8'), { strict: true })).not.toThrow();
  });

  it('reference nothing outside the machine', () => {
    for (const f of [...hbs, ...files(TEMPLATES, '.css'), ...files(TEMPLATES, '.html')]) {
      expect([path.relative(TEMPLATES, f), fs.readFileSync(f, 'utf8')]).not.toEqual([
        path.relative(TEMPLATES, f),
        expect.stringMatching(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\//i),
      ]);
    }
  });
});
