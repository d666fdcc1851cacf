import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createFreshDatabase } from '../dev/fresh-database';
import { serveApp } from '../src/platform/app';
import { type Role, signToken } from '../src/platform/auth';
import { type Database, openDatabase } from '../src/platform/db/client';
import { migrate } from '../src/platform/db/migrate';
import { createLogger } from '../src/platform/log';

const SECRET = 'bench-secret-bench-secret-bench-secret';

export interface BenchApp {
  db: Database;
  url: string;
  port: number;
  /** SQL statements sent since the last reset. */
  statements(): number;
  resetStatements(): void;
  token(orgId: string, roles: Role[]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The production server (production mode, shield, loaders) on a fresh
 * database: a new database on DATABASE_URL's server when set, else an
 * in-memory PGlite; `seed` runs after migrations, before listening.
 */
export async function startBenchApp(seed: (db: Database) => Promise<void> = async () => undefined): Promise<BenchApp> {
  const fresh = process.env.DATABASE_URL ? await createFreshDatabase(process.env.DATABASE_URL, 'pm_vbp_bench') : undefined;
  const db = await openDatabase({ databaseUrl: fresh?.url, pgliteDir: 'memory://', logQueries: true });
  await migrate(db);
  await seed(db);
  let statements = 0;
  db.prisma.$on('query', () => { statements++; });
  // Silent: failed requests are counted by the load generator (GraphQL errors included), and requests
  // the load generator leaves in flight fail noisily at shutdown without saying anything about speed.
  const log = createLogger('silent');
  const { httpServer, stop } = await serveApp({
    db, log, auth: { secret: SECRET }, phiKey: SECRET, publicBaseUrl: 'http://127.0.0.1', production: true,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    db,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    statements: () => statements,
    resetStatements: () => { statements = 0; },
    token: (orgId, roles) => signToken({ sub: 'bench', orgId, roles }, SECRET),
    async stop() {
      await stop();
      await db.close();
      await fresh?.drop();
    },
  };
}
