import { Writable } from 'node:stream';
import { csvField, csvHeader, csvLine, toCsvString, writeCsv } from './csv';
import { parseCsv } from './testing';
import { CALLBACK_COLUMNS } from './standard';

describe('CSV quoting (RFC 4180)', () => {
  it('quotes only when needed and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('中文；列表')).toBe('中文；列表');
    expect(csvLine(['a', 'b,c', '"'])).toBe('a,"b,c",""""\r\n');
  });

  it('round-trips awkward values through a parser', () => {
    const rows = [
      { a: 'x,y', b: 'he said "no"', c: 'multi\r\nline' },
      { a: '', b: '"', c: ',' },
    ];
    const text = toCsvString(rows);
    const parsed = parseCsv(text);
    expect(parsed).toEqual([
      ['a', 'b', 'c'],
      ['x,y', 'he said "no"', 'multi\r\nline'],
      ['', '"', ','],
    ]);
  });

  it('writes Chinese headers and labels on request', () => {
    expect(csvHeader(['callback_type', 'policy_no'], { headers: 'zh' })).toBe('回访类型,保单号\r\n');
    const text = toCsvString(
      [
        {
          callback_type: 'new_business',
          methods_tried: 'phone;visit',
          caller_is_sales: 'N',
          policy_no: 'P-1',
        },
      ],
      {
        columns: ['callback_type', 'methods_tried', 'caller_is_sales', 'policy_no'],
        headers: 'zh',
        zhLabels: true,
      },
    );
    expect(text).toBe('回访类型,已尝试方式,回访人为销售人员,保单号\r\n新单回访,电话;上门,否,P-1\r\n');
  });

  it('writeCsv waits for drain when the stream pushes back', async () => {
    let pushedBack = 0;
    let written = '';
    let inFlight = false;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, cb) {
        expect(inFlight).toBe(false);
        inFlight = true;
        written += chunk.toString('utf8');
        setImmediate(() => {
          inFlight = false;
          cb();
        });
      },
    });
    const origWrite = slow.write.bind(slow);
    let maxBuffered = 0;
    slow.write = ((chunk: string) => {
      const ok = origWrite(chunk);
      if (!ok) pushedBack++;
      maxBuffered = Math.max(maxBuffered, slow.writableLength);
      return ok;
    }) as typeof slow.write;
    const rows = Array.from({ length: 500 }, (_, i) => ({ a: String(i), b: 'x'.repeat(50) }));
    const res = await writeCsv(rows, slow, { chunkSize: 256 });
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(res.rows).toBe(500);
    expect(pushedBack).toBeGreaterThan(10);
    expect(written).toBe(toCsvString(rows));
    // never more than one chunk buffered: every `false` was followed by a wait for 'drain'
    expect(maxBuffered).toBeLessThan(256 + 200);
  });

  it('writes the header even for zero rows when columns are given', async () => {
    let out = '';
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        out += c.toString();
        cb();
      },
    });
    await writeCsv([], sink, { columns: CALLBACK_COLUMNS, bom: true });
    expect(out.startsWith('\ufeffcallback_type,policy_no,')).toBe(true);
  });
});
