import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createFreshDatabase } from '../dev/fresh-database';
import { createTokenVerifier, type Role, signToken } from '../src/platform/auth';
import { type Database, openDatabase } from '../src/platform/db/client';
import { migrate } from '../src/platform/db/migrate';
import { createLogger } from '../src/platform/log';
import { createOutboxRelay } from '../src/platform/outbox/relay';
import { createPhiKeys } from '../src/platform/phi';
import { buildAppSchema } from '../src/platform/schema';
import { createHttpServer } from '../src/platform/server';

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
  const { schema } = await buildAppSchema();
  const outbox = createOutboxRelay(db.prisma, log);
  const deps = { prisma: db.prisma, verifyToken: createTokenVerifier({ secret: SECRET }), log, phi: createPhiKeys(SECRET), outbox,
    publicBaseUrl: 'http://127.0.0.1' };
  const { httpServer, apollo } = await createHttpServer({ schema, deps, production: true, ping: () => db.ping(), log });
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
      await apollo.stop();
      await outbox.stop();
      await db.close();
      await fresh?.drop();
    },
  };
}
