import type { Config } from './config';
import { createTokenVerifier } from './auth';
import { type Database, openDatabase } from './db/client';
import { migrate } from './db/migrate';
import type { Logger } from './log';
import { buildAppSchema } from './schema';
import { createHttpServer } from './server';

/** Database, migrations, schema and HTTP server, wired; `listen` is the caller's. */
export async function createApp(config: Config, log: Logger) {
  const db: Database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const applied = await migrate(db);
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');
  const { schema } = await buildAppSchema();
  const deps = { prisma: db.prisma, verifyToken: createTokenVerifier(config.auth), log };
  const { httpServer, apollo } = await createHttpServer({ schema, deps, production: config.production, ping: () => db.ping(), log });
  return {
    db,
    httpServer,
    async stop() {
      await apollo.stop();
      await db.close();
    },
  };
}
