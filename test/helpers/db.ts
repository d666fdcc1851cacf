import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type Database, openDatabase } from '../../src/platform/db/client';
import { migrate } from '../../src/platform/db/migrate';

export interface TestDatabase extends Database {
  /** Every SQL statement Prisma sent since the last reset. */
  statements: string[];
}

async function createFreshPostgresDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pm_vbp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A migrated, empty database for one test file: a fresh database on
 * TEST_DATABASE_URL's server when set, else an in-memory PGlite.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const fresh = adminUrl ? await createFreshPostgresDatabase(adminUrl) : undefined;
  const db = await openDatabase({ databaseUrl: fresh?.url, pgliteDir: 'memory://', logQueries: true, poolSize: 5 });
  await migrate(db);
  const statements: string[] = [];
  db.prisma.$on('query', (event) => statements.push(event.query));
  return {
    ...db,
    statements,
    async close() {
      await db.close();
      await fresh?.drop();
    },
  };
}
