import { Logger } from '@nestjs/common';
import { CALLBACK_COLUMNS, generateCallbacks, toCsvString } from '@portal/demo-data';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';
import { MULTI_TOPOLOGY } from '../support/topology';
import { demoOrg, login, seedDemo, settled, sql, upload } from './submissions-helpers';

/**
 * OWASP ASVS V12.1.3: at most UPLOAD_MAX_PENDING_PER_ORG uploads of one organisation wait for validation.
 * The API app runs without the worker (PROCESS_ROLE=api), so uploads stay `validating`; a worker app on the
 * same database and upload directory is started at the end to finish them.
 */
describe('submissions: cap on uploads waiting for validation', () => {
  const CAP = 2;
  let db: TestDatabase;
  let dir: string;
  let uploads: string;
  let api: TestApp;
  let worker: TestApp | null = null;
  /** What the services logged as warnings (in this process; the multi topology's processes log elsewhere). */
  const warnings: string[] = [];
  const tokens: Record<string, string> = {};
  const A = demoOrg('QCJK');
  const B = demoOrg('MHRS');
  const C = demoOrg('SYRS');
  const D = demoOrg('CLRS');

  const csv = (org: typeof A, seed: number, rows = 50) =>
    toCsvString(generateCallbacks({ seed, org, period: '2026H1', rows }), { columns: CALLBACK_COLUMNS });
  const send = (who: string, bytes: string) =>
    upload(api.baseUrl, tokens[who], { kind: 'callbacks', period: '2026H1', bytes });
  /** The raw answer (headers included) of an upload. */
  const sendRaw = (who: string, bytes: string) => {
    const form = new FormData();
    form.append('kind', 'callbacks');
    form.append('period', '2026H1');
    form.append('file', new Blob([bytes]), 'data.csv');
    return fetch(`${api.baseUrl}/api/submissions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens[who]}` },
      body: form,
    });
  };
  const rowsOf = async (org: string) =>
    sql<{ id: string; status: string; sha256: string }>(
      db.url,
      'SELECT id, status, sha256 FROM submission WHERE org_code = $1 ORDER BY version',
      [org],
    );
  const filesInUploadDir = () => readdirSync(uploads).sort();
  const MESSAGE =
    /^本机构已有 2 个文件在等待校验，请等其完成后再上传 \/ Your organisation already has 2 files waiting for validation: upload again when they are done$/;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pending-cap-spec-'));
    uploads = join(dir, 'uploads');
    mkdirSync(uploads);
    db = await createTestDatabase();
    await seedDemo(db.url, ['QCJK', 'MHRS', 'SYRS', 'CLRS']);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    api = await startTestApp(db.url, {
      UPLOAD_DIR: uploads,
      PROCESS_ROLE: 'api',
      UPLOAD_MAX_PENDING_PER_ORG: String(CAP),
    });
    for (const u of ['QCJK-sub', 'MHRS-sub', 'SYRS-sub', 'CLRS-sub']) tokens[u] = await login(api.baseUrl, u);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await worker?.close();
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const first = csv(A, 1);
  let firstId = '';

  it('accepts uploads up to the cap, then answers 429 with Retry-After and stores nothing', async () => {
    const one = await send('QCJK-sub', first);
    const two = await send('QCJK-sub', csv(A, 2));
    expect(one).toMatchObject({ status: 202, body: { status: 'validating', duplicate: false } });
    expect(two).toMatchObject({ status: 202, body: { status: 'validating', duplicate: false } });
    firstId = one.body.id;
    const before = filesInUploadDir();
    expect(before).toEqual([`${one.body.id}.upload`, `${two.body.id}.upload`].sort());

    // Nothing reaches the upload directory while the refused body (1 MB+) is read.
    const created: string[] = [];
    const watcher = watch(uploads, (_event, name) => created.push(String(name)));
    const res = await sendRaw('QCJK-sub', csv(A, 3, 4000));
    await new Promise((r) => setTimeout(r, 100));
    watcher.close();

    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(MESSAGE),
    });
    expect(created).toEqual([]);
    expect(filesInUploadDir()).toEqual(before);
    expect((await rowsOf(A.code)).map((r) => r.id)).toEqual([one.body.id, two.body.id]);
    // Logged, not audited.
    if (!MULTI_TOPOLOGY)
      expect(warnings).toContainEqual(
        expect.stringContaining(`upload refused: ${A.code} has 2 uploads waiting for validation (cap 2)`),
      );
    const audit = await sql<{ action: string }>(
      db.url,
      `SELECT action FROM audit_entry WHERE org_code = $1 AND object_type = 'submission' ORDER BY id`,
      [A.code],
    );
    expect(audit.map((a) => a.action)).toEqual(['submission.upload', 'submission.upload']);
  });

  it('still answers an identical re-upload with its existing submission at the cap', async () => {
    const again = await send('QCJK-sub', first);
    expect(again).toMatchObject({
      status: 202,
      body: { id: firstId, status: 'validating', duplicate: true },
    });
    expect(await rowsOf(A.code)).toHaveLength(2);
    expect(filesInUploadDir()).toHaveLength(2);
  });

  it('still checks the fields at the cap', async () => {
    const res = await upload(api.baseUrl, tokens['QCJK-sub'], {
      kind: 'nonsense',
      period: '2026H1',
      bytes: 'x',
    });
    expect(res.status).toBe(400);
    expect(String(res.body['message'])).toMatch(/kind/);
  });

  it('does not count another organisation’s uploads', async () => {
    const other = await send('MHRS-sub', csv(B, 4));
    expect(other).toMatchObject({ status: 202, body: { status: 'validating', duplicate: false } });
  });

  it('refuses an upload that passed the early check when the cap was reached while its body arrived', async () => {
    // A slow upload: the fields and the start of the file, then a pause until the others are in.
    const boundary = 'pendingcapboundary';
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncallbacks\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="period"\r\n\r\n2026H1\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n`;
    const file = csv(C, 20);
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(head + file.slice(0, 1000)));
        await released;
        controller.enqueue(new TextEncoder().encode(file.slice(1000) + `\r\n--${boundary}--\r\n`));
        controller.close();
      },
    });
    const slow = fetch(`${api.baseUrl}/api/submissions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${tokens['SYRS-sub']}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    // Its file is being written: it passed the early check (none of SYRS's uploads was waiting then).
    for (let i = 0; !filesInUploadDir().some((f) => f.endsWith('.part')); i++) {
      if (i > 200) throw new Error('the slow upload never started writing');
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const seed of [21, 22]) expect((await send('SYRS-sub', csv(C, seed))).status).toBe(202);
    release();
    const res = await slow;
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect((await res.json()).message).toMatch(MESSAGE);
    expect(await rowsOf(C.code)).toHaveLength(2);
    expect(filesInUploadDir().filter((f) => !f.endsWith('.upload'))).toEqual([]);
    const bytes = (await rowsOf(C.code)).map((r) => r.sha256);
    expect(new Set(bytes).size).toBe(2);
  });

  it('lets exactly the cap through when uploads arrive together, and leaves no file of the others', async () => {
    // Six different series (kind × period), so that only the organisation's lock orders them.
    const series = ['callbacks', 'complaints', 'profile'].flatMap((kind) =>
      ['2026H1', '2025H2'].map((period) => ({ kind, period })),
    );
    const answers = await Promise.all(
      series.map((s, i) => upload(api.baseUrl, tokens['CLRS-sub'], { ...s, bytes: csv(D, 10 + i, 2000) })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 202, 429, 429, 429, 429]);
    for (const a of answers.filter((x) => x.status === 429))
      expect(String(a.body['message'])).toMatch(MESSAGE);
    const rows = await rowsOf(D.code);
    expect(rows.map((r) => r.id).sort()).toEqual(
      answers
        .filter((a) => a.status === 202)
        .map((a) => a.body.id)
        .sort(),
    );
    const files = filesInUploadDir();
    expect(files.filter((f) => !f.endsWith('.upload'))).toEqual([]);
    for (const r of rows) expect(files).toContain(`${r.id}.upload`);
    // One file per submission waiting, of every organisation: none of the refused ones.
    const waiting = await sql(db.url, `SELECT id FROM submission WHERE status = 'validating'`);
    expect(files).toHaveLength(waiting.length);
  });

  it('accepts uploads again once the waiting ones are validated', async () => {
    expect((await send('QCJK-sub', csv(A, 5))).status).toBe(429);
    worker = await startTestApp(db.url, { UPLOAD_DIR: uploads, PROCESS_ROLE: 'all' });
    const done = await settled(worker.baseUrl, await login(worker.baseUrl, 'QCJK-sub'), firstId);
    expect(done.status).toBe('valid');
    const next = await send('QCJK-sub', csv(A, 5));
    expect(next).toMatchObject({ status: 202, body: { status: 'validating', duplicate: false } });
  });
});
