import { loadConfig } from '../platform/config/config';
import { openDatabase } from '../platform/db/client';
import { migrate } from '../platform/db/migrate';

/** npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main() {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  try {
    const applied = await migrate(db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`db:migrate: ${(error as Error).message}\n`);
  process.exit(1);
});
