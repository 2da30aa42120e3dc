import { hash } from '@node-rs/argon2';
import { Client } from 'pg';
import type { Role } from '../../server/src/app/users/user.entity';

export interface SeedOrg {
  code: string;
  name: string;
  group: 'life' | 'property';
  foundedOn: string;
}
export interface SeedUser {
  username: string;
  password: string;
  role: Role;
  orgCode?: string | null;
}

/** Inserts organisations and users straight into a test database (as the schema owner). */
export async function seedOrgAndUsers(
  dbUrl: string,
  seed: { orgs?: SeedOrg[]; users?: SeedUser[] },
): Promise<void> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    for (const o of seed.orgs ?? []) {
      await client.query(
        `INSERT INTO organisation (code, name, org_group, founded_on) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [o.code, o.name, o.group, o.foundedOn],
      );
    }
    for (const u of seed.users ?? []) {
      await client.query(
        `INSERT INTO app_user (username, password_hash, role, org_code) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
        [u.username, await hash(u.password), u.role, u.orgCode ?? null],
      );
    }
  } finally {
    await client.end();
  }
}

/** Signs in through the API and returns the bearer token. */
export async function loginAs(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Two insurers (one per group) with a submitter and an approver each, a regulator admin and analyst, an association reader. */
export const STANDARD_SEED: { orgs: SeedOrg[]; users: SeedUser[] } = {
  orgs: [
    { code: '914403007109307395', name: '测试人寿保险股份有限公司', group: 'life', foundedOn: '2002-12-04' },
    {
      code: '9144030071526726XG',
      name: '测试财产保险股份有限公司',
      group: 'property',
      foundedOn: '2000-02-24',
    },
  ],
  users: [
    { username: 'reg-admin', password: 'reg-admin-password-1', role: 'regulator_admin' },
    { username: 'reg-analyst', password: 'reg-analyst-password-1', role: 'regulator_analyst' },
    { username: 'assoc', password: 'association-password-1', role: 'association_reader' },
    {
      username: 'life-submitter',
      password: 'life-submitter-pass-1',
      role: 'insurer_submitter',
      orgCode: '914403007109307395',
    },
    {
      username: 'life-approver',
      password: 'life-approver-pass-1',
      role: 'insurer_approver',
      orgCode: '914403007109307395',
    },
    {
      username: 'prop-submitter',
      password: 'prop-submitter-pass-1',
      role: 'insurer_submitter',
      orgCode: '9144030071526726XG',
    },
    {
      username: 'prop-approver',
      password: 'prop-approver-pass-1',
      role: 'insurer_approver',
      orgCode: '9144030071526726XG',
    },
  ],
};
