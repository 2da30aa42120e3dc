import { DEMO_ORGS, type DemoOrg } from '@portal/demo-data';
import { Client } from 'pg';
import { loginAs, seedOrgAndUsers, type SeedOrg, type SeedUser } from '../support/auth';

/** Shared by the submissions and rules API tests. */

export const PASSWORD = 'submissions-test-pass-1';

export function demoOrg(tag: string): DemoOrg {
  const org = DEMO_ORGS.find((o) => o.tag === tag);
  if (!org) throw new Error(`no demo org ${tag}`);
  return org;
}

/** Seeds demo organisations with a submitter and an approver each (`<tag>-sub`, `<tag>-app`), plus regulators. */
export async function seedDemo(dbUrl: string, tags: string[]): Promise<void> {
  const orgs: SeedOrg[] = tags.map((t) => {
    const o = demoOrg(t);
    return { code: o.code, name: o.name, group: o.group, foundedOn: o.foundedOn };
  });
  const users: SeedUser[] = [
    { username: 'reg-admin', password: PASSWORD, role: 'regulator_admin' },
    { username: 'reg-analyst', password: PASSWORD, role: 'regulator_analyst' },
    { username: 'assoc', password: PASSWORD, role: 'association_reader' },
    ...tags.flatMap((t): SeedUser[] => [
      { username: `${t}-sub`, password: PASSWORD, role: 'insurer_submitter', orgCode: demoOrg(t).code },
      { username: `${t}-app`, password: PASSWORD, role: 'insurer_approver', orgCode: demoOrg(t).code },
    ]),
  ];
  await seedOrgAndUsers(dbUrl, { orgs, users });
}

export const login = (baseUrl: string, username: string) => loginAs(baseUrl, username, PASSWORD);

export interface UploadAnswer {
  status: number;
  body: { id: string; status: string; version: number; duplicate: boolean; late: boolean } & Record<
    string,
    unknown
  >;
}

export async function upload(
  baseUrl: string,
  token: string,
  file: { kind: string; period: string; bytes: Buffer | string; name?: string },
): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('kind', file.kind);
  form.append('period', file.period);
  const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes) : file.bytes;
  form.append('file', new Blob([new Uint8Array(bytes)]), file.name ?? 'data.csv');
  const res = await fetch(`${baseUrl}/api/submissions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  token: string | null,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export interface SubmissionBody {
  id: string;
  orgCode: string;
  period: string;
  kind: string;
  version: number;
  status: string;
  sha256: string;
  rows: number;
  errors: number;
  warnings: number;
  findings: number;
  late: boolean;
  catalogVersion: number;
  failureReason: string | null;
  fileFormat: string | null;
  textEncoding: string | null;
  receiptNo: string | null;
  submittedAt: string | null;
}

/** Polls until the submission leaves `validating`. */
export async function settled(
  baseUrl: string,
  token: string,
  id: string,
  timeoutMs = 90_000,
): Promise<SubmissionBody> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await api<SubmissionBody>(baseUrl, token, `/api/submissions/${id}`);
    if (status !== 200) throw new Error(`GET submission ${id}: ${status} ${JSON.stringify(body)}`);
    if (body.status !== 'validating') return body;
    if (Date.now() > until) throw new Error(`submission ${id} still validating after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export interface IssueBody {
  row: number | null;
  column: string | null;
  value: string | null;
  rule: string;
  severity: string;
  message: string;
  messageEn: string;
}

/** Every issue of a report, page by page. */
export async function allIssues(
  baseUrl: string,
  token: string,
  id: string,
): Promise<{ total: number; countsByRule: Record<string, number>; items: IssueBody[] }> {
  const items: IssueBody[] = [];
  let total = 0;
  let countsByRule: Record<string, number> = {};
  for (let page = 1; ; page++) {
    const { status, body } = await api<{
      total: number;
      countsByRule: Record<string, number>;
      items: IssueBody[];
    }>(baseUrl, token, `/api/submissions/${id}/issues?page=${page}&pageSize=1000`);
    if (status !== 200) throw new Error(`issues ${status}`);
    total = body.total;
    countsByRule = body.countsByRule;
    items.push(...body.items);
    if (body.items.length < 1000) break;
  }
  return { total, countsByRule, items };
}

/** Direct reads as the schema owner (what the API must not show is checked in the database itself). */
export async function sql<T = Record<string, unknown>>(
  dbUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
