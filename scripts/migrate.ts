// `npm run migrate`: applies pending migrations to DATABASE_URL (the server also does this at start).
import 'reflect-metadata';
import { migrateDatabase } from '../server/src/app/database/migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('请设置 DATABASE_URL / set DATABASE_URL');
  process.exit(2);
}
migrateDatabase(url)
  .then((applied) => {
    console.log(
      applied.length ? `已应用 / applied: ${applied.join(', ')}` : '无待应用的迁移 / nothing to apply',
    );
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
