// Loads the demo data into a running portal through its public API — the same path as real users:
// the admin creates the 20 demo insurers and their users, each insurer's submitter uploads its files
// (a couple of them first with data errors, then corrected), and its approver submits the valid versions.
// Run by `npm start` once, on the database it created itself. Env: PORTAL_URL, ADMIN_USERNAME, ADMIN_PASSWORD.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ORGS, generateDemo, type DemoManifest } from '@portal/demo-data';

const base = process.env.PORTAL_URL ?? 'http://localhost:3000';
const dataDir = path.resolve(process.env.PORTAL_DATA_DIR ?? path.join(__dirname, '../.data'));
const DEMO_PASSWORD = 'demo-pass-2026';
const say = (zh: string, en: string) => console.log(`\x1b[36m▸\x1b[0m ${zh} / ${en}`);

async function api<T>(
  method: string,
  p: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + p, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body instanceof FormData ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function login(username: string, password: string): Promise<string> {
  const r = await api<{ accessToken: string; message?: string }>('POST', '/api/auth/login', null, {
    username,
    password,
  });
  if (r.status !== 200)
    throw new Error(`登录失败 / sign-in failed for ${username}: ${r.status} ${r.body.message ?? ''}`);
  return r.body.accessToken;
}

const userName = (tag: string, role: 'submitter' | 'approver') => `${tag.toLowerCase()}-${role}`;

async function main(): Promise<void> {
  const admin = await login(process.env.ADMIN_USERNAME ?? 'admin', process.env.ADMIN_PASSWORD ?? '');
  const orgs = (await api<{ code: string }[]>('GET', '/api/orgs', admin)).body;
  if (orgs.some((o) => o.code === DEMO_ORGS[0].code)) {
    say('演示数据已加载，跳过', 'demo data already loaded, skipping');
    return writeLogins();
  }

  say('创建 20 家演示保险机构及其用户', 'creating the 20 demo insurers and their users');
  for (const org of DEMO_ORGS) {
    const r = await api('POST', '/api/admin/orgs', admin, {
      code: org.code,
      name: org.name,
      group: org.group,
      foundedOn: org.foundedOn,
    });
    if (r.status !== 201) throw new Error(`create org ${org.code}: ${r.status} ${JSON.stringify(r.body)}`);
    for (const role of ['submitter', 'approver'] as const) {
      await createUser(admin, {
        username: userName(org.tag, role),
        role: `insurer_${role}`,
        orgCode: org.code,
      });
    }
  }
  await createUser(admin, { username: 'analyst', role: 'regulator_analyst' });
  await createUser(admin, { username: 'association', role: 'association_reader' });
  writeLogins();

  const outDir = path.join(dataDir, 'demo-files');
  say('生成演示报送文件', 'generating the demo files');
  const manifest: DemoManifest = await generateDemo({ outDir, seed: 42, scale: 1 });

  const probe = await api('GET', '/api/submissions', admin);
  if (probe.status === 404) {
    say(
      '报送功能尚未提供，演示文件未上传',
      'the submissions feature is not available yet: demo files were not uploaded',
    );
    return;
  }
  await uploadAll(manifest, outDir);
  // The demo files are uploaded today, long after the demo periods' deadlines: an extension for all insurers,
  // with a reason anyone can read, keeps the demo from showing every insurer as late (it clears the late flags already set).
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // China date
  for (const period of [...new Set(manifest.files.map((f) => f.period))]) {
    for (const kind of ['callbacks', 'complaints', 'profile']) {
      const r = await api('POST', `/api/admin/periods/${period}/extensions`, admin, {
        kind,
        dueOn: today,
        reason: `演示数据于 ${today} 载入 / demo data loaded on ${today}`,
      });
      if (r.status !== 201 && r.status !== 200)
        say(`延期未设置 ${period} ${kind}`, `extension not set: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
}

async function createUser(
  admin: string,
  u: { username: string; role: string; orgCode?: string },
): Promise<void> {
  const r = await api('POST', '/api/admin/users', admin, { ...u, password: DEMO_PASSWORD });
  if (r.status !== 201 && r.status !== 409)
    throw new Error(`create user ${u.username}: ${r.status} ${JSON.stringify(r.body)}`);
}

interface SubmissionDto {
  id: string;
  status: string;
  rows: number;
  errors: number;
}

async function uploadAll(manifest: DemoManifest, outDir: string): Promise<void> {
  const files = manifest.files;
  const tokens = new Map<string, string>();
  const token = async (username: string) =>
    tokens.get(username) ?? tokens.set(username, await login(username, DEMO_PASSWORD)).get(username)!;
  let done = 0;
  const queue: typeof files = [];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const org = DEMO_ORGS.find((o) => o.code === f!.orgCode)!;
      const form = new FormData();
      form.set('kind', f.kind);
      form.set('period', f.period);
      form.set('file', await fs.openAsBlob(path.resolve(outDir, f.path)), path.basename(f.path));
      const submitter = await token(userName(org.tag, 'submitter'));
      const up = await api<SubmissionDto>('POST', '/api/submissions', submitter, form);
      if (up.status !== 202 && up.status !== 200)
        throw new Error(`upload ${f.path}: ${up.status} ${JSON.stringify(up.body)}`);
      let s = up.body;
      while (s.status === 'validating') {
        await new Promise((r) => setTimeout(r, 250));
        s = (await api<SubmissionDto>('GET', `/api/submissions/${up.body.id}`, submitter)).body;
      }
      if (s.status === 'valid' && f.valid !== false) {
        const approver = await token(userName(org.tag, 'approver'));
        const sub = await api('POST', `/api/submissions/${s.id}/submit`, approver, { attestation: true });
        if (sub.status !== 200)
          throw new Error(`submit ${f.path}: ${sub.status} ${JSON.stringify(sub.body)}`);
      }
      done++;
      if (done % 10 === 0 || done === files.length)
        say(`已上传 ${done}/${files.length} 个文件`, `uploaded ${done}/${files.length} files`);
    }
  };
  // Corrected versions must follow their invalid first versions: every first version, then the rest.
  queue.push(...files.filter((f) => f.version === 1));
  await Promise.all([worker(), worker(), worker()]);
  queue.push(...files.filter((f) => f.version > 1));
  await Promise.all([worker(), worker()]);
}

function writeLogins(): void {
  const life = DEMO_ORGS.find((o) => o.group === 'life')!;
  const property = DEMO_ORGS.find((o) => o.group === 'property')!;
  const lines = [
    `    监管管理员 regulator admin     ${process.env.ADMIN_USERNAME ?? 'admin'} / ${process.env.ADMIN_PASSWORD ?? ''}`,
    `    监管分析员 regulator analyst   analyst / ${DEMO_PASSWORD}`,
    `    行业协会 association           association / ${DEMO_PASSWORD}`,
    `    ${life.shortName} 报送员 submitter    ${userName(life.tag, 'submitter')} / ${DEMO_PASSWORD}`,
    `    ${life.shortName} 审批人 approver     ${userName(life.tag, 'approver')} / ${DEMO_PASSWORD}`,
    `    ${property.shortName} 报送员 submitter    ${userName(property.tag, 'submitter')} / ${DEMO_PASSWORD}`,
    `    （其余机构同理 / every demo insurer: <tag>-submitter, <tag>-approver, e.g. mhrs-submitter）`,
  ];
  fs.writeFileSync(path.join(dataDir, 'demo-logins.txt'), lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  console.error('演示数据加载失败 / loading the demo data failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
