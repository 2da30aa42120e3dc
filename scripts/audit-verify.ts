// `npm run audit:verify`: walks the audit ledger's hash chain and names the first broken entry.
// Uses DATABASE_URL, or the local database that `npm start` keeps in .data/ (started if needed).
import 'reflect-metadata';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../server/src/app/audit/audit-verify';
import { dataSourceOptions } from '../server/src/app/database/data-source-options';

async function main(): Promise<number> {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const load = new Function('p', 'return import(p)') as (
      p: string,
    ) => Promise<typeof import('./lib/postgres.mjs')>;
    const { startLocalPostgres } = await load(path.resolve(__dirname, 'lib/postgres.mjs'));
    const pg = await startLocalPostgres({
      dataDir: path.resolve(__dirname, '../.data/pg'),
      port: Number(process.env.PGPORT ?? 54329),
    });
    url = pg.url;
  }
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    const result = await verifyAuditChain(ds);
    if (result.firstBroken) {
      console.error(
        `审计链在第 ${result.firstBroken.id} 条断开：${result.firstBroken.reason} / audit chain broken at entry ${result.firstBroken.id}`,
      );
      console.log(JSON.stringify({ ok: false, entries: result.entries, firstBroken: result.firstBroken }));
      return 1;
    }
    console.log(`审计链完整，共 ${result.entries} 条 / audit chain intact: ${result.entries} entries`);
    console.log(JSON.stringify({ ok: true, entries: result.entries }));
    return 0;
  } finally {
    await ds.destroy();
    await stop?.();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
