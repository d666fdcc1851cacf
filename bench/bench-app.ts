import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFreshDatabase } from '../dev/fresh-database';
import { serveApp } from '../src/app/serve';
import { type Permission, type Role, signToken } from '../src/platform/identity/token';
import { type Database, openDatabase } from '../src/platform/db/client';
import { migrate } from '../src/platform/db/migrate';
import { createLogger } from '../src/platform/log';

/** The HS256 key of the benchmark server; bench/peers signs with it and its peers verify with it. */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret';

export interface BenchApp {
  db: Database;
  httpServer: Server;
  url: string;
  port: number;
  /** SQL statements sent since the last reset. */
  statements(): number;
  resetStatements(): void;
  token(orgId: string, roles: Role[], permissions?: Permission[]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The production server (production mode, shield, loaders) on a fresh
 * database: a new database on DATABASE_URL's server when set, else a
 * PGlite in a temporary directory, files on disk as `npm start` keeps them
 * (in memory they would count in the server's RSS); `seed` runs after
 * migrations, before listening.
 * `existingDatabaseUrl` serves a database someone else created and fills
 * (bench/peers): it is migrated like any start, and neither created nor dropped.
 */
export async function startBenchApp(
  seed: (db: Database) => Promise<void> = async () => undefined,
  { existingDatabaseUrl }: { existingDatabaseUrl?: string } = {},
): Promise<BenchApp> {
  const fresh = !existingDatabaseUrl && process.env.DATABASE_URL ? await createFreshDatabase(process.env.DATABASE_URL, 'pm_vbp_bench') : undefined;
  // bench:peers counts statements at the driver for all three servers alike: no Prisma query events then,
  // which would cost only ours CPU.
  const databaseUrl = existingDatabaseUrl ?? fresh?.url;
  const pgliteDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'pm-vbp-bench-'));
  const db = await openDatabase({ databaseUrl, pgliteDir: pgliteDir ?? 'memory://', logQueries: !existingDatabaseUrl });
  await migrate(db);
  await seed(db);
  let statements = 0;
  db.prisma.$on('query', () => { statements++; });
  db.onStatement(() => { statements++; });
  // Silent: failed requests are counted by the load generator (GraphQL errors included), and requests
  // the load generator leaves in flight fail noisily at shutdown without saying anything about speed.
  const log = createLogger('silent');
  // MAX_CONCURRENT_OPERATIONS as `npm start` reads it (config.ts); unset: the default, 32.
  const maxConcurrentOperations = process.env.MAX_CONCURRENT_OPERATIONS ? Number(process.env.MAX_CONCURRENT_OPERATIONS) : undefined;
  const { httpServer, stop } = await serveApp({
    db, log, auth: { secret: BENCH_JWT_SECRET }, phiKey: BENCH_JWT_SECRET, publicBaseUrl: 'http://127.0.0.1', production: true,
    httpLimits: maxConcurrentOperations ? { maxConcurrentOperations } : {},
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    db,
    httpServer,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    statements: () => statements,
    resetStatements: () => { statements = 0; },
    token: (orgId, roles, permissions) => signToken({ sub: 'bench', orgId, roles, permissions }, BENCH_JWT_SECRET),
    async stop() {
      await stop();
      await db.close();
      await fresh?.drop();
      if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
}
