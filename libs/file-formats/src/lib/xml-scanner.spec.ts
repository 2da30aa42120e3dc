/**
 * @jest-environment node
 */
import { UnreadableFileError } from './unreadable';
import { attribute, decodeEntities, XmlScanner } from './xml-scanner';

function events(chunks: readonly string[]): string[] {
  const out: string[] = [];
  const s = new XmlScanner({
    open: (name, attrs, selfClosing) =>
      out.push(`<${name}${selfClosing ? '/' : ''} ${attribute(attrs, 'r') ?? ''}`),
    close: (name) => out.push(`</${name}`),
    text: (t) => out.push(`"${t}"`),
  });
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

const DOC =
  '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- a comment --><sheetData>\r\n <row r="1" x=\'a>b\'><c r="A1" t="s"><v>0</v></c>' +
  '<c r="B1"><is><t xml:space="preserve">a &amp; b&#x4E2D;&#20013;\r\nc</t></is></c><c r="C1"/></row><![CDATA[ignored]]></sheetData>\n';

describe('XmlScanner', () => {
  it('reports elements, attributes and decoded, LF-normalised text as a strict parser does', () => {
    expect(events([DOC])).toEqual([
      '"\n"',
      '<sheetData ',
      '"\n "',
      '<row 1',
      '<c A1',
      '<v ',
      '"0"',
      '</v',
      '</c',
      '<c B1',
      '<is ',
      '<t ',
      '"a & b中中\nc"',
      '</t',
      '</is',
      '</c',
      '<c/ C1',
      '</c',
      '</row',
      '</sheetData',
      '"\n"',
    ]);
  });

  it('gives the same events however the text is cut into chunks', () => {
    const whole = events([DOC]);
    for (let i = 1; i < DOC.length; i++) expect(events([DOC.slice(0, i), DOC.slice(i)])).toEqual(whole);
    expect(events([...DOC])).toEqual(whole);
  });

  it('decodes attributes with XML whitespace normalisation', () => {
    expect(attribute(' a="x&#10;y\r\nz" b=\'q\'', 'a')).toBe('x\ny z');
    expect(attribute(' a="1"', 'b')).toBeUndefined();
    expect(decodeEntities('&lt;&gt;&quot;&apos;&amp;amp;')).toBe('<>"\'&amp;');
  });

  it('refuses badly formed XML (STR-010)', () => {
    for (const bad of [
      '<a><b></a></b>',
      '<a>x &nbsp; y</a>',
      '<a>fish & chips</a>',
      '<a>',
      '<a b=1></a>',
      'text<a/>',
    ]) {
      expect(() => events([bad])).toThrow(UnreadableFileError);
    }
  });
});
