import Handlebars from 'handlebars';
import fs from 'node:fs';
import path from 'node:path';
import { notoSansScFonts } from './fonts';
import { HELPERS } from './helpers';

const TEMPLATE_NAME = /^[a-z][a-z0-9-]{0,40}$/;

export class TemplateNotFoundError extends Error {}

interface Compiled {
  render: Handlebars.TemplateDelegate;
  css: string;
}

/**
 * Handlebars templates of the PDFs. Layout of `templatesDir`:
 * - `shared/*.css`: print rules every document shares (page box, page numbers, tables);
 * - `<name>/document.hbs`: the document body; `<name>/partials/*.hbs`: its partials (by file name);
 *   `<name>/*.css`: its styles.
 * Each template gets its own Handlebars environment, compiled in strict mode (a missing field is an error,
 * never a silent blank) and escaping every `{{value}}`; templates never use `{{{…}}}` (a test checks).
 */
export class TemplateEngine {
  private readonly compiled = new Map<string, Compiled>();

  constructor(readonly dir: string) {}

  /** The complete HTML document for `name` filled with `data`: fonts and styles inlined, no external reference. */
  html(name: string, data: Record<string, unknown>): string {
    const t = this.load(name);
    const body = t.render(data);
    const title = typeof data['title'] === 'string' ? data['title'] : name;
    return [
      '<!doctype html>',
      '<html lang="zh-CN">',
      '<head>',
      '<meta charset="utf-8">',
      `<title>${Handlebars.escapeExpression(title)}</title>`,
      `<style>${notoSansScFonts().css}</style>`,
      `<style>${t.css}</style>`,
      '</head>',
      `<body>${body}</body>`,
      '</html>',
    ].join('\n');
  }

  /** The file every render job navigates to first, so that the page has a file:// origin (fonts load). */
  blankPage(): string {
    return path.join(this.dir, 'shared', 'blank.html');
  }

  private load(name: string): Compiled {
    const hit = this.compiled.get(name);
    if (hit) return hit;
    if (!TEMPLATE_NAME.test(name))
      throw new TemplateNotFoundError(`模板名称无效 / Invalid template name: ${name}`);
    const dir = path.join(this.dir, name);
    const main = path.join(dir, 'document.hbs');
    if (!fs.existsSync(main)) {
      throw new TemplateNotFoundError(`模板不存在 / Template not found: ${name} (${main})`);
    }
    const hbs = Handlebars.create();
    for (const [helper, fn] of Object.entries(HELPERS)) hbs.registerHelper(helper, fn);
    const partialsDir = path.join(dir, 'partials');
    if (fs.existsSync(partialsDir)) {
      for (const file of fs.readdirSync(partialsDir).sort()) {
        if (!file.endsWith('.hbs')) continue;
        hbs.registerPartial(
          path.basename(file, '.hbs'),
          hbs.compile(fs.readFileSync(path.join(partialsDir, file), 'utf8'), { strict: true }),
        );
      }
    }
    const css = [path.join(this.dir, 'shared'), dir]
      .flatMap((d) =>
        fs.existsSync(d)
          ? fs
              .readdirSync(d)
              .filter((f) => f.endsWith('.css'))
              .sort()
              .map((f) => fs.readFileSync(path.join(d, f), 'utf8'))
          : [],
      )
      .join('\n');
    const compiled: Compiled = {
      render: hbs.compile(fs.readFileSync(main, 'utf8'), { strict: true }),
      css,
    };
    this.compiled.set(name, compiled);
    return compiled;
  }
}
