import type { Config } from './config';
import { createTokenVerifier } from './auth';
import { type Database, openDatabase } from './db/client';
import { migrate } from './db/migrate';
import type { Logger } from './log';
import { createOutboxRelay } from './outbox/relay';
import { createPhiKeys } from './phi';
import { startClListener } from '../quality/cl-listener';
import { buildAppSchema } from './schema';
import { createHttpServer } from './server';

/** Database, migrations, schema and HTTP server, wired; `listen` is the caller's. */
export async function createApp(config: Config, log: Logger) {
  const db: Database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const applied = await migrate(db);
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');
  const { schema } = await buildAppSchema();
  if (!config.phiKey) throw new Error('PHI_ENCRYPTION_KEY is required');
  const outbox = createOutboxRelay(db.prisma, log);
  const deps = { prisma: db.prisma, verifyToken: createTokenVerifier(config.auth), log, phi: createPhiKeys(config.phiKey), outbox,
    publicBaseUrl: config.publicBaseUrl };
  const { httpServer, apollo } = await createHttpServer({ schema, deps, production: config.production, ping: () => db.ping(), log });
  // Events committed before a crash or restart are published now (at least once).
  outbox.start();
  const clListener = await startClListener(db, log, config.databaseUrl);
  return {
    db,
    httpServer,
    async stop() {
      await apollo.stop();
      await clListener.stop();
      await outbox.stop();
      await db.close();
    },
  };
}
