import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DASHBOARD_QUERY, seedVbp } from '../dev/seed';
import { createFreshDatabase } from '../dev/fresh-database';
import { createTokenVerifier, signToken } from '../src/platform/auth';
import { openDatabase } from '../src/platform/db/client';
import { migrate } from '../src/platform/db/migrate';
import { createLogger } from '../src/platform/log';
import { createOutboxRelay } from '../src/platform/outbox/relay';
import { createPhiKeys } from '../src/platform/phi';
import { buildAppSchema } from '../src/platform/schema';
import { createHttpServer } from '../src/platform/server';

/**
 * The server under load, in its own process so the load generator does not
 * share its event loop. Seeds one organization, then reports over IPC.
 */
async function main() {
  const fresh = process.env.DATABASE_URL ? await createFreshDatabase(process.env.DATABASE_URL, 'pm_vbp_bench') : undefined;
  const db = await openDatabase({ databaseUrl: fresh?.url, pgliteDir: 'memory://', logQueries: true });
  await migrate(db);
  let statements = 0;
  db.prisma.$on('query', () => { statements++; });
  const orgId = randomUUID();
  await seedVbp(db.prisma, orgId, { programs: 50, measuresPerProgram: 10, paymentsPerProgram: 4 });

  const secret = 'bench-secret-bench-secret-bench-secret';
  const log = createLogger('warn');
  const { schema } = await buildAppSchema();
  const deps = {
    prisma: db.prisma, verifyToken: createTokenVerifier({ secret }), log, phi: createPhiKeys(secret), outbox: createOutboxRelay(db.prisma, log),
  };
  const { httpServer, apollo } = await createHttpServer({ schema, deps, production: true, ping: () => db.ping(), log });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const token = await signToken({ sub: 'bench', orgId, roles: ['staff'] }, secret);

  process.on('message', async (message: { type: string }) => {
    if (message.type === 'reset') { statements = 0; process.send!({ type: 'reset' }); }
    if (message.type === 'stats') process.send!({ type: 'stats', statements, rss: process.memoryUsage().rss });
    if (message.type === 'stop') {
      await apollo.stop();
      await db.close();
      await fresh?.drop();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', port: (httpServer.address() as AddressInfo).port, token, query: DASHBOARD_QUERY, database: db.kind });
}

main().catch((error) => {
  process.stderr.write(`bench-server: ${(error as Error).stack}\n`);
  process.exit(1);
});
