import { createFreshDatabase } from '../../dev/fresh-database';
import { type Database, openDatabase } from '../../src/platform/db/client';
import { migrate } from '../../src/platform/db/migrate';
import { migratedImage, migratedTemplate } from './migrated-image';

export interface TestDatabase extends Database {
  /** Every SQL statement sent since the last reset: Prisma's and the raw transactions' (but BEGIN). */
  statements: string[];
  /** The fresh PostgreSQL database's URL; undefined on PGlite. */
  url?: string;
}

/**
 * A migrated, empty database for one test file: a fresh database on
 * TEST_DATABASE_URL's server when set, else an in-memory PGlite; a copy of the
 * suite's migrated one when jest's globalSetup prepared it.
 */
export async function openTestDatabase(options: { route?: (url: string) => string } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const fresh = adminUrl ? await createFreshDatabase(adminUrl, 'pm_vbp_test', migratedTemplate()) : undefined;
  // `route`: the service reaches PostgreSQL another way (e.g. through a proxy the test can cut).
  const databaseUrl = fresh && options.route ? options.route(fresh.url) : fresh?.url;
  const db = await openDatabase({ databaseUrl, pgliteDir: 'memory://', logQueries: true, poolSize: 5,
    pgliteImage: adminUrl ? undefined : migratedImage() });
  await migrate(db);
  const statements: string[] = [];
  db.prisma.$on('query', (event) => statements.push(event.query));
  db.onStatement((sql) => statements.push(sql));
  return {
    ...db,
    statements,
    url: fresh?.url,
    async close() {
      await db.close();
      await fresh?.drop();
    },
  };
}
