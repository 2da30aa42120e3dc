import {
  CALLBACK_COLUMNS,
  generateDemo,
  toCsvString,
  type CallbackRow,
  type DemoManifest,
  type ManifestFile,
} from '@portal/demo-data';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bytesSource, openZip, readEntry, readXlsx } from '@portal/file-formats';
import type { CellValue } from '@portal/reporting-standard';
import { callbackRowsWithErrors } from '../fixtures/callbacks-with-errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';
import {
  allIssues,
  api,
  demoOrg,
  login,
  seedDemo,
  settled,
  sql,
  upload,
  type IssueBody,
  type SubmissionBody,
} from './submissions-helpers';

/**
 * Submissions end to end on the real app and PostgreSQL: generated demo files with known answers, upload,
 * background validation, reports, versions and sign-off, tenant isolation.
 */
describe('submissions', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  let uploads: string;
  let manifest: DemoManifest;
  const tokens: Record<string, string> = {};
  const MHRS = demoOrg('MHRS');
  const SYRS = demoOrg('SYRS');

  const demoFile = (predicate: (f: ManifestFile) => boolean): { entry: ManifestFile; bytes: Buffer } => {
    const entry = manifest.files.find(predicate);
    if (!entry) throw new Error('no such demo file');
    return { entry, bytes: readFileSync(join(dir, 'demo', entry.path)) };
  };
  const mhrs = (kind: string, valid = true) =>
    demoFile((f) => f.orgCode === MHRS.code && f.kind === kind && f.valid === valid);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'submissions-spec-'));
    uploads = join(dir, 'uploads');
    manifest = await generateDemo({ outDir: join(dir, 'demo'), orgs: ['MHRS', 'SYRS'], periods: ['2026H1'] });
    db = await createTestDatabase();
    await seedDemo(db.url, ['MHRS', 'SYRS']);
    t = await startTestApp(db.url, { UPLOAD_DIR: uploads, UPLOAD_MAX_BYTES: String(8 * 1024 * 1024) });
    for (const u of ['MHRS-sub', 'MHRS-app', 'SYRS-sub', 'SYRS-app', 'reg-admin', 'reg-analyst', 'assoc'])
      tokens[u] = await login(t.baseUrl, u);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const uploadAndSettle = async (
    who: string,
    file: { kind: string; period: string; bytes: Buffer | string; name?: string },
  ): Promise<SubmissionBody> => {
    const up = await upload(t.baseUrl, tokens[who], file);
    expect(up).toMatchObject({ status: 202, body: { status: 'validating', duplicate: false } });
    return settled(t.baseUrl, tokens[who], up.body.id);
  };

  describe('validation', () => {
    it('checks a generated callbacks file: exact counts per rule, as the generator built them; records stored', async () => {
      const { entry, bytes } = mhrs('callbacks');
      const sub = await uploadAndSettle('MHRS-sub', {
        kind: 'callbacks',
        period: '2026H1',
        bytes,
        name: 'MHRS-callbacks.csv',
      });
      expect(sub).toMatchObject({
        status: 'valid',
        rows: entry.rows,
        errors: 0,
        orgCode: MHRS.code,
        kind: 'callbacks',
        period: '2026H1',
        version: 1,
        fileFormat: 'csv',
        catalogVersion: 1,
      });
      const report = await allIssues(t.baseUrl, tokens['MHRS-sub'], sub.id);
      const expected = Object.fromEntries(Object.entries(entry.expected!.findings).filter(([, n]) => n > 0));
      const findings = Object.fromEntries(
        Object.entries(report.countsByRule).filter(([r]) => /^(CB|CL|CP)-/.test(r)),
      );
      expect(findings).toEqual(expected);
      expect(report.total).toBe(report.items.length);
      expect(sub.findings).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      const [{ n }] = await sql<{ n: string }>(
        db.url,
        'SELECT count(*) AS n FROM callback_record WHERE submission_id = $1',
        [sub.id],
      );
      expect(Number(n)).toBe(entry.rows);
      // Issues come row by row, each with a bilingual message naming the regulation.
      const rows = report.items.map((i) => i.row ?? 0);
      expect(rows).toEqual([...rows].sort((a, b) => a - b));
      const cb02 = report.items.find((i) => i.rule === 'CB-02')!;
      expect(cb02.message).toMatch(/^第\d+行：.*人身保险业务基本服务规定/);
      expect(cb02.messageEn).toMatch(/^Row \d+: .*Basic Service Rules/);
      // The upload is deleted once validated.
      expect(existsSync(join(uploads, `${sub.id}.upload`))).toBe(false);
    });

    it('pages and filters a report with exact totals, and describes every route in the OpenAPI document', async () => {
      const [sub] = (
        await api<SubmissionBody[]>(
          t.baseUrl,
          tokens['MHRS-sub'],
          '/api/submissions?kind=callbacks&period=2026H1',
        )
      ).body.filter((s) => s.status === 'valid');
      const all = await allIssues(t.baseUrl, tokens['MHRS-sub'], sub.id);
      type Page = { total: number; countsByRule: Record<string, number>; items: IssueBody[] };
      const get = (q: string) =>
        api<Page>(t.baseUrl, tokens['MHRS-sub'], `/api/submissions/${sub.id}/issues?${q}`);
      const cb02 = await get('rule=CB-02&pageSize=5&page=2');
      expect(cb02.body.total).toBe(all.countsByRule['CB-02']);
      expect(cb02.body.countsByRule).toEqual(all.countsByRule);
      expect(cb02.body.items).toEqual(all.items.filter((i) => i.rule === 'CB-02').slice(5, 10));
      const findings = await get('severity=finding&pageSize=1000');
      expect(findings.body.total).toBe(sub.findings);
      expect(findings.body.items.every((i) => i.severity === 'finding')).toBe(true);
      const none = await get('severity=error');
      expect(none.body).toMatchObject({ total: 0, items: [] });
      expect((await get('pageSize=1001')).status).toBe(400);
      expect((await get('severity=fatal')).status).toBe(400);
      expect((await get('rule=DROP TABLE')).status).toBe(400);

      const doc = await api<{ paths: Record<string, Record<string, unknown>> }>(
        t.baseUrl,
        null,
        '/api/docs-json',
      );
      for (const path of [
        '/api/submissions',
        '/api/submissions/{id}',
        '/api/submissions/{id}/issues',
        '/api/submissions/{id}/issues.csv',
        '/api/submissions/{id}/issues.xlsx',
        '/api/submissions/{id}/submit',
        '/api/rules',
        '/api/rules/versions',
      ])
        expect(Object.keys(doc.body.paths)).toContain(path);
      expect(Object.keys(doc.body.paths['/api/submissions'])).toEqual(
        expect.arrayContaining(['get', 'post']),
      );
    });

    it('checks complaints and profile files', async () => {
      const complaints = mhrs('complaints');
      const c = await uploadAndSettle('MHRS-sub', {
        kind: 'complaints',
        period: '2026H1',
        bytes: complaints.bytes,
      });
      expect(c).toMatchObject({ status: 'valid', rows: complaints.entry.rows, errors: 0 });
      const counts = (await allIssues(t.baseUrl, tokens['MHRS-sub'], c.id)).countsByRule;
      for (const [rule, n] of Object.entries(complaints.entry.expected!.findings))
        if (n > 0) expect(counts[rule]).toBe(n);
      const profile = mhrs('profile');
      const p = await uploadAndSettle('MHRS-sub', {
        kind: 'profile',
        period: '2026H1',
        bytes: profile.bytes,
      });
      expect(p).toMatchObject({ status: 'valid', rows: 1, errors: 0 });
      const [row] = await sql<{ org_code: string; premium_income: string }>(
        db.url,
        'SELECT org_code, premium_income FROM profile_record WHERE submission_id = $1',
        [p.id],
      );
      expect(row.org_code).toBe(MHRS.code);
      expect(row.premium_income).toBe(profile.entry.expected!.profile!.premiumIncome.toFixed(2));
      // Another insurer's profile is STR-011 for MHRS.
      const other = demoFile((f) => f.orgCode === SYRS.code && f.kind === 'profile');
      const wrong = await uploadAndSettle('MHRS-sub', {
        kind: 'profile',
        period: '2026H1',
        bytes: other.bytes,
      });
      expect(wrong).toMatchObject({ status: 'invalid', errors: 1 });
      expect((await allIssues(t.baseUrl, tokens['MHRS-sub'], wrong.id)).countsByRule).toEqual({
        'STR-011': 1,
      });
    });

    it('reports the injected errors of an invalid upload, masks PII everywhere and keeps none of its records', async () => {
      const { entry, bytes } = mhrs('callbacks', false);
      const sub = await uploadAndSettle('MHRS-sub', {
        kind: 'callbacks',
        period: '2026H1',
        bytes,
        name: '回访 15668130425.csv',
      });
      expect(sub.status).toBe('invalid');
      expect(sub.errors).toBe(entry.expectedErrors!.length);
      const report = await allIssues(t.baseUrl, tokens['MHRS-sub'], sub.id);
      const errors = report.items.filter((i) => i.severity === 'error');
      for (const e of entry.expectedErrors!) {
        expect(errors).toContainEqual(
          expect.objectContaining({ row: e.row, column: e.column, rule: e.rule }),
        );
      }
      const pii = entry.expectedErrors!.filter((e) => e.rule === 'PII-001').map((e) => e.value);
      expect(pii).toEqual(['15668130425', '110105196506169701']);
      const piiIssues = errors.filter((i) => i.rule === 'PII-001');
      expect(piiIssues.map((i) => i.value)).toEqual(['156****0425', '1101**********9701']);
      const dup = errors.find((i) => i.rule === 'STR-005')!;
      expect(dup.message).toMatch(/与第\d+行重复/);

      // Nowhere in the API, the downloads or the database.
      const bodies = [
        JSON.stringify(report),
        JSON.stringify((await api(t.baseUrl, tokens['MHRS-sub'], `/api/submissions/${sub.id}`)).body),
        JSON.stringify(
          (await api(t.baseUrl, tokens['reg-admin'], `/api/submissions?orgCode=${MHRS.code}`)).body,
        ),
        (await api<string>(t.baseUrl, tokens['MHRS-sub'], `/api/submissions/${sub.id}/issues.csv`)).body,
        await xlsxText(t.baseUrl, tokens['MHRS-sub'], sub.id),
      ];
      for (const body of bodies) for (const raw of pii) expect(body).not.toContain(raw);
      expect(bodies[1]).toContain('156****0425.csv');
      const stored = await sql<{ n: string }>(
        db.url,
        `SELECT count(*) AS n FROM validation_issue WHERE submission_id = $1 AND (value LIKE $2 OR value LIKE $3 OR params::text LIKE $2 OR params::text LIKE $3)`,
        [sub.id, '%15668130425%', '%110105196506169701%'],
      );
      expect(Number(stored[0].n)).toBe(0);
      const [{ n }] = await sql<{ n: string }>(
        db.url,
        'SELECT count(*) AS n FROM callback_record WHERE submission_id = $1',
        [sub.id],
      );
      expect(Number(n)).toBe(0);
    });

    it('gives identical reports for the same records as UTF-8 CSV, GB18030 CSV with Chinese headers and labels, gzip, XLSX, and XLSX saved by LibreOffice', async () => {
      const rows = callbackRowsWithErrors();
      const csv = toCsvString(rows, { columns: CALLBACK_COLUMNS });
      const libreOffice = readFileSync(join(__dirname, '../fixtures/callbacks-libreoffice.xlsx'));
      await expectLibreOfficeFixtureOf(libreOffice, csv);
      const variants: [string, Buffer, string, string | null][] = [
        ['utf8.csv', Buffer.from(csv, 'utf8'), 'csv', null],
        ['gbk.csv', iconv.encode(zhCsv(rows), 'gb18030'), 'csv', 'gb18030'],
        ['data.csv.gz', gzipSync(Buffer.from('\ufeff' + csv, 'utf8')), 'csv.gz', 'utf-8'],
        ['data.xlsx', await xlsxOf(rows), 'xlsx', null],
        ['回访明细-libreoffice.xlsx', libreOffice, 'xlsx', null],
      ];
      const reports: { sub: SubmissionBody; items: string[]; counts: Record<string, number> }[] = [];
      for (const [name, bytes, format, encoding] of variants) {
        const sub = await uploadAndSettle('SYRS-sub', { kind: 'callbacks', period: '2026H1', bytes, name });
        expect({ name, format: sub.fileFormat }).toEqual({ name, format });
        if (encoding) expect(sub.textEncoding).toBe(encoding);
        const report = await allIssues(t.baseUrl, tokens['SYRS-sub'], sub.id);
        reports.push({ sub, items: report.items.map(key), counts: report.countsByRule });
      }
      expect(reports[0].sub.status).toBe('invalid');
      expect(reports[0].counts['STR-005']).toBe(1);
      expect(reports[0].counts['PII-001']).toBe(2);
      expect(reports[0].items.length).toBeGreaterThan(50);
      for (const r of reports.slice(1)) {
        expect(r.sub).toMatchObject({
          rows: reports[0].sub.rows,
          errors: reports[0].sub.errors,
          findings: reports[0].sub.findings,
        });
        expect(r.counts).toEqual(reports[0].counts);
        expect(r.items).toEqual(reports[0].items);
      }
    });
  });

  describe('versions', () => {
    it('answers identical bytes with the existing submission; other bytes make the next version', async () => {
      const bytes = mhrs('complaints').bytes;
      const first = await upload(t.baseUrl, tokens['SYRS-sub'], {
        kind: 'complaints',
        period: '2026H1',
        bytes,
      });
      expect(first.status).toBe(202);
      const again = await upload(t.baseUrl, tokens['SYRS-sub'], {
        kind: 'complaints',
        period: '2026H1',
        bytes,
      });
      expect(again).toMatchObject({
        status: 202,
        body: { id: first.body.id, duplicate: true, version: first.body.version },
      });
      const other = await upload(t.baseUrl, tokens['SYRS-sub'], {
        kind: 'complaints',
        period: '2026H1',
        bytes: Buffer.concat([bytes, Buffer.from('\r\n')]),
      });
      expect(other.body).toMatchObject({ duplicate: false, version: first.body.version + 1 });
      // The same bytes for another kind or another insurer are a submission of their own.
      const elsewhere = await upload(t.baseUrl, tokens['MHRS-sub'], {
        kind: 'complaints',
        period: '2026H1',
        bytes,
      });
      expect(elsewhere.body.id).not.toBe(first.body.id);
      await settled(t.baseUrl, tokens['SYRS-sub'], other.body.id);
      await settled(t.baseUrl, tokens['MHRS-sub'], elsewhere.body.id);
      const list = await api<SubmissionBody[]>(
        t.baseUrl,
        tokens['SYRS-sub'],
        '/api/submissions?kind=complaints&period=2026H1',
      );
      expect(list.body.map((s) => s.version)).toEqual([first.body.version + 1, first.body.version]);
      const audit = await sql<{ n: string }>(
        db.url,
        `SELECT count(*) AS n FROM audit_entry WHERE action = 'submission.upload' AND object_id = $1`,
        [first.body.id],
      );
      expect(Number(audit[0].n)).toBe(1);
    });

    it('submits a valid version with a receipt, supersedes the previous one, and refuses the rest with 409', async () => {
      const bytes = mhrs('profile').bytes;
      const v1 = await uploadAndSettle('MHRS-sub', {
        kind: 'profile',
        period: '2026H1',
        bytes: Buffer.concat([bytes, Buffer.from('\r\n\r\n')]),
      });
      const bad = await uploadAndSettle('MHRS-sub', {
        kind: 'profile',
        period: '2026H1',
        bytes: 'org_code\r\n',
      });
      expect(bad.status).toBe('invalid');

      const refused = await api(t.baseUrl, tokens['MHRS-app'], `/api/submissions/${bad.id}/submit`, {
        method: 'POST',
        body: { attestation: true },
      });
      expect(refused.status).toBe(409);
      expect((refused.body as { message: string }).message).toMatch(/valid.*\/.*valid/);
      const noAttestation = await api(t.baseUrl, tokens['MHRS-app'], `/api/submissions/${v1.id}/submit`, {
        method: 'POST',
        body: { attestation: false },
      });
      expect(noAttestation.status).toBe(400);
      const wrongRole = await api(t.baseUrl, tokens['MHRS-sub'], `/api/submissions/${v1.id}/submit`, {
        method: 'POST',
        body: { attestation: true },
      });
      expect(wrongRole.status).toBe(403);

      const done = await api<{ status: string; receiptNo: string; sha256: string; submittedAt: string }>(
        t.baseUrl,
        tokens['MHRS-app'],
        `/api/submissions/${v1.id}/submit`,
        { method: 'POST', body: { attestation: true } },
      );
      expect(done.status).toBe(200);
      expect(done.body).toEqual({
        status: 'submitted',
        receiptNo: expect.stringMatching(/^HB\d{8}-[A-Z2-9]{8}$/),
        sha256: v1.sha256,
        submittedAt: expect.any(String),
      });
      const twice = await api(t.baseUrl, tokens['MHRS-app'], `/api/submissions/${v1.id}/submit`, {
        method: 'POST',
        body: { attestation: true },
      });
      expect(twice.status).toBe(409);

      const v3 = await uploadAndSettle('MHRS-sub', {
        kind: 'profile',
        period: '2026H1',
        bytes: Buffer.concat([bytes, Buffer.from('\r\n\r\n\r\n')]),
      });
      const next = await api(t.baseUrl, tokens['MHRS-app'], `/api/submissions/${v3.id}/submit`, {
        method: 'POST',
        body: { attestation: true },
      });
      expect(next.status).toBe(200);
      const old = await api<SubmissionBody>(t.baseUrl, tokens['MHRS-app'], `/api/submissions/${v1.id}`);
      expect(old.body).toMatchObject({
        status: 'superseded',
        receiptNo: done.body.receiptNo,
        submittedAt: done.body.submittedAt,
      });
      const resubmit = await api(t.baseUrl, tokens['MHRS-app'], `/api/submissions/${v1.id}/submit`, {
        method: 'POST',
        body: { attestation: true },
      });
      expect(resubmit.status).toBe(409);

      // Nothing submitted is ever changed or deleted, not even by a direct statement.
      await expect(sql(db.url, `UPDATE submission SET errors = 5 WHERE id = $1`, [v3.id])).rejects.toThrow(
        /never changed/,
      );
      await expect(sql(db.url, `DELETE FROM submission WHERE id = $1`, [v1.id])).rejects.toThrow(
        /never deleted/,
      );
      await expect(
        sql(db.url, `UPDATE submission SET status = 'valid' WHERE id = $1`, [v1.id]),
      ).rejects.toThrow(/never changed/);
      const actions = await sql<{ action: string }>(
        db.url,
        `SELECT action FROM audit_entry WHERE object_id = ANY($1) ORDER BY id`,
        [[v1.id, v3.id]],
      );
      expect(actions.map((a) => a.action)).toEqual([
        'submission.upload',
        'submission.validate',
        'submission.submit',
        'submission.upload',
        'submission.validate',
        'submission.supersede',
        'submission.submit',
      ]);
    });
  });

  describe('access', () => {
    let syrsSub: string;
    beforeAll(async () => {
      const up = await upload(t.baseUrl, tokens['SYRS-sub'], {
        kind: 'profile',
        period: '2026H1',
        bytes: demoFile((f) => f.orgCode === SYRS.code && f.kind === 'profile').bytes,
      });
      syrsSub = (await settled(t.baseUrl, tokens['SYRS-sub'], up.body.id)).id;
    });

    it('answers 404 to another insurer for every route of a submission, exactly like a missing id', async () => {
      for (const path of ['', '/issues', '/issues.csv', '/issues.xlsx']) {
        const res = await api(t.baseUrl, tokens['MHRS-sub'], `/api/submissions/${syrsSub}${path}`);
        const missing = await api(
          t.baseUrl,
          tokens['MHRS-sub'],
          `/api/submissions/00000000-0000-4000-8000-000000000000${path}`,
        );
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.body).toEqual(missing.body);
      }
      const submit = await api(t.baseUrl, tokens['MHRS-app'], `/api/submissions/${syrsSub}/submit`, {
        method: 'POST',
        body: { attestation: true },
      });
      expect(submit.status).toBe(404);
      expect((await api(t.baseUrl, tokens['MHRS-sub'], '/api/submissions/not-a-uuid')).status).toBe(404);
      const mine = await api<SubmissionBody[]>(
        t.baseUrl,
        tokens['MHRS-sub'],
        `/api/submissions?orgCode=${SYRS.code}`,
      );
      expect(mine.body).toEqual([]);
      const all = await api<SubmissionBody[]>(t.baseUrl, tokens['MHRS-sub'], '/api/submissions');
      expect(all.body.every((s) => s.orgCode === MHRS.code)).toBe(true);
    });

    it('lets regulators read every insurer and refuses other roles and anonymous callers', async () => {
      expect((await api(t.baseUrl, tokens['reg-analyst'], `/api/submissions/${syrsSub}`)).status).toBe(200);
      expect((await api(t.baseUrl, tokens['reg-admin'], `/api/submissions/${syrsSub}/issues`)).status).toBe(
        200,
      );
      const list = await api<SubmissionBody[]>(
        t.baseUrl,
        tokens['reg-admin'],
        '/api/submissions?period=2026H1',
      );
      expect(new Set(list.body.map((s) => s.orgCode))).toEqual(new Set([MHRS.code, SYRS.code]));
      const times = list.body.map((s) => s.id);
      expect(times.length).toBeGreaterThan(3);
      expect((await api(t.baseUrl, tokens['assoc'], `/api/submissions/${syrsSub}`)).status).toBe(403);
      expect((await api(t.baseUrl, null, `/api/submissions/${syrsSub}`)).status).toBe(401);
      const regUpload = await upload(t.baseUrl, tokens['reg-admin'], {
        kind: 'profile',
        period: '2026H1',
        bytes: 'x',
      });
      expect(regUpload.status).toBe(403);
      const approverUpload = await upload(t.baseUrl, tokens['MHRS-app'], {
        kind: 'profile',
        period: '2026H1',
        bytes: 'x',
      });
      expect(approverUpload.status).toBe(403);
    });
  });

  describe('upload requests', () => {
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}/api/submissions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens['MHRS-sub']}`, ...headers },
        body,
      });

    it('creates a period on first use with its deadlines, flags late uploads, refuses periods that have not begun', async () => {
      const late = await upload(t.baseUrl, tokens['MHRS-sub'], {
        kind: 'complaints',
        period: '2025H2',
        bytes: 'complaint_no\r\n',
      });
      expect(late).toMatchObject({ status: 202, body: { late: true } });
      const deadlines = await sql<{ kind: string; due_on: string }>(
        db.url,
        `SELECT kind, due_on::text FROM period_deadline WHERE period_code = '2025H2' ORDER BY kind`,
      );
      expect(deadlines).toEqual([
        { kind: 'callbacks', due_on: '2026-01-30' },
        { kind: 'complaints', due_on: '2026-01-30' },
        { kind: 'profile', due_on: '2026-01-30' },
      ]);
      const parts = await sql(db.url, `SELECT 1 FROM pg_class WHERE relname = 'callback_record_2025h2'`);
      expect(parts).toHaveLength(1);
      const nextYear = Number(new Date().toISOString().slice(0, 4)) + 1;
      const future = await upload(t.baseUrl, tokens['MHRS-sub'], {
        kind: 'complaints',
        period: `${nextYear}H2`,
        bytes: 'x',
      });
      expect(future.status).toBe(400);
      expect(future.body.message).toMatch(/尚未开始.*has not begun/);
      const malformed = await upload(t.baseUrl, tokens['MHRS-sub'], {
        kind: 'complaints',
        period: '2026H3',
        bytes: 'x',
      });
      expect(malformed.status).toBe(400);
      const kind = await upload(t.baseUrl, tokens['MHRS-sub'], {
        kind: 'claims',
        period: '2026H1',
        bytes: 'x',
      });
      expect(kind.status).toBe(400);
      expect(kind.body.message).toMatch(/callbacks, complaints or profile/);
    });

    it('refuses malformed multipart bodies with a bilingual 4xx and leaves no file behind', async () => {
      const before = readdirSync(uploads).filter((f) => f.endsWith('.part'));
      const noFile = new FormData();
      noFile.append('kind', 'profile');
      noFile.append('period', '2026H1');
      let res = await post(noFile);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/没有文件|no file/);

      const extra = new FormData();
      extra.append('kind', 'profile');
      extra.append('period', '2026H1');
      extra.append('comment', 'hello');
      extra.append('file', new Blob(['x']), 'a.csv');
      res = await post(extra);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/Unexpected field "comment"/);

      const two = new FormData();
      two.append('kind', 'profile');
      two.append('period', '2026H1');
      two.append('file', new Blob(['x']), 'a.csv');
      two.append('file', new Blob(['y']), 'b.csv');
      res = await post(two);
      expect(res.status).toBe(400);

      res = await post(JSON.stringify({ kind: 'profile' }), { 'Content-Type': 'application/json' });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/multipart\/form-data/);

      const big = new FormData();
      big.append('kind', 'callbacks');
      big.append('period', '2026H1');
      big.append('file', new Blob([Buffer.alloc(9 * 1024 * 1024, 0x61)]), 'big.csv');
      res = await post(big);
      expect(res.status).toBe(413);
      expect((await res.json()).message).toMatch(/8 MB/);
      await new Promise((r) => setTimeout(r, 200));
      expect(readdirSync(uploads).filter((f) => f.endsWith('.part'))).toEqual(before);
    });
  });
});

/** Chinese headers and labels, as Excel on a Chinese Windows would save them. */
function zhCsv(rows: CallbackRow[]): string {
  return toCsvString(rows, { columns: CALLBACK_COLUMNS, headers: 'zh', zhLabels: true });
}

const INTEGER_COLUMNS = new Set(['term_months', 'policyholder_age', 'cooling_off_days']);

/** The same rows as an XLSX: integers as numbers, dates as real date cells (yyyy-mm-dd), the rest as text. */
async function xlsxOf(rows: CallbackRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('回访明细');
  sheet.addRow([...CALLBACK_COLUMNS]);
  for (const r of rows) {
    sheet.addRow(
      CALLBACK_COLUMNS.map((c) => {
        const v = r[c];
        if (v === '') return null;
        if (INTEGER_COLUMNS.has(c) && /^\d+$/.test(v)) return Number(v);
        if (c.endsWith('_on') && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
          const d = new Date(`${v}T00:00:00Z`);
          if (d.toISOString().startsWith(v)) return d;
        }
        return v;
      }),
    );
  }
  CALLBACK_COLUMNS.forEach((c, i) => {
    if (c.endsWith('_on')) sheet.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The committed LibreOffice-saved fixture (test/fixtures/README.md) holds exactly the records of `csv`, as a
 * user's spreadsheet: written by LibreOffice, dates as real date cells. Fails with the way to regenerate it
 * when the demo generator has changed.
 */
async function expectLibreOfficeFixtureOf(xlsx: Buffer, csv: string): Promise<void> {
  const app = await zipEntryText(xlsx, 'docProps/app.xml');
  expect(app).toMatch(/<Application>LibreOffice\/7\./);
  const cells: CellValue[][] = [];
  await readXlsx(bytesSource(new Uint8Array(xlsx)), {
    header: (c) => cells.push(c),
    row: (c) => cells.push(c),
  });
  const dates = cells.flat().filter((v) => v instanceof Date).length;
  expect(dates).toBeGreaterThan(5000);
  const text = (v: CellValue) =>
    v === undefined || v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  const asCsv = toCsvString(
    cells.slice(1).map((r) => Object.fromEntries(CALLBACK_COLUMNS.map((c, i) => [c, text(r[i])]))),
    { columns: CALLBACK_COLUMNS },
  );
  if (asCsv !== csv)
    throw new Error(
      'test/fixtures/callbacks-libreoffice.xlsx no longer holds the generated records: regenerate it as test/fixtures/README.md says',
    );
  expect(cells[0]).toEqual([...CALLBACK_COLUMNS]);
}

/** One part of a zip, as text. */
async function zipEntryText(zip: Buffer, name: string): Promise<string> {
  const source = bytesSource(new Uint8Array(zip));
  const entry = (await openZip(source)).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name} in the archive`);
  return new TextDecoder().decode(await readEntry(source, entry));
}

const key = (i: IssueBody): string =>
  JSON.stringify([i.row, i.column, i.rule, i.severity, i.value, i.messageEn]);

/** All text of the XLSX report download. */
async function xlsxText(baseUrl: string, token: string, id: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/submissions/${id}/issues.xlsx`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const out: string[] = [];
  book.eachSheet((s) => s.eachRow((r) => out.push(JSON.stringify(r.values))));
  return out.join('\n');
}
