import { randomUUID } from 'node:crypto';
import { DASHBOARD_QUERY, seedVbp } from '../dev/seed';
import { startBenchApp } from './bench-app';

/**
 * The server under load, in its own process so the load generator does not
 * share its event loop. Seeds one organization, then reports over IPC.
 * BENCH_PROGRAMS sets how many programs it seeds (50). With BENCH_DATABASE_URL it serves that database as it is, unseeded (bench/peers fills it).
 */
async function main() {
  const orgId = randomUUID();
  const existingDatabaseUrl = process.env.BENCH_DATABASE_URL;
  const app = existingDatabaseUrl
    ? await startBenchApp(undefined, { existingDatabaseUrl })
    : await startBenchApp((db) => seedVbp(db.prisma, orgId, { programs: Number(process.env.BENCH_PROGRAMS ?? 50), measuresPerProgram: 10, paymentsPerProgram: 4 }).then(() => undefined));
  const token = await app.token(orgId, ['staff']);

  process.on('message', async (message: { type: string }) => {
    if (message.type === 'reset') { app.resetStatements(); process.send!({ type: 'reset' }); }
    if (message.type === 'stats') process.send!({ type: 'stats', statements: app.statements(), rss: process.memoryUsage().rss });
    if (message.type === 'stop') {
      await app.stop();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', port: app.port, token, query: DASHBOARD_QUERY, database: app.db.kind });
}

main().catch((error) => {
  process.stderr.write(`bench-server: ${(error as Error).stack}\n`);
  process.exit(1);
});
