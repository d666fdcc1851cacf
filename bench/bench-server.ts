import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
  // The highest RSS since the last reset, sampled every 50 ms (bench:overload reports it).
  let peakRss = 0;
  const sampleRss = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
  setInterval(sampleRss, 50).unref();
  // How late the event loop ran its callbacks (what every request, /health included, waits for).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // Each /health answered: when its connection was accepted and when the answer was sent, as wall-clock
  // times that bench:overload sets beside its prober's (is a slow probe's wait before or after accept?).
  // And the longest in the server: from accept to the parsed request, from the request to the answer sent.
  let healthMaxMs = 0;
  let healthAcceptToRequestMaxMs = 0;
  let healthAnswers: { acceptedAt: number; answeredAt: number }[] = [];
  const wallClock = (monotonic: number) => performance.timeOrigin + monotonic;
  const acceptedAt = new WeakMap<object, number>();
  app.httpServer.on('connection', (socket) => acceptedAt.set(socket, performance.now()));
  app.httpServer.on('request', (req, res) => {
    if (req.url !== '/health') return;
    const started = performance.now();
    const accepted = acceptedAt.get(req.socket) ?? started;
    healthAcceptToRequestMaxMs = Math.max(healthAcceptToRequestMaxMs, started - accepted);
    res.once('finish', () => {
      healthMaxMs = Math.max(healthMaxMs, performance.now() - started);
      if (healthAnswers.length < 10_000) healthAnswers.push({ acceptedAt: wallClock(accepted), answeredAt: wallClock(performance.now()) });
    });
  });

  process.on('message', async (message: { type: string }) => {
    if (message.type === 'reset') { app.resetStatements(); peakRss = 0; sampleRss(); loopDelay.reset(); healthMaxMs = 0; healthAcceptToRequestMaxMs = 0; healthAnswers = []; process.send!({ type: 'reset' }); }
    if (message.type === 'stats') {
      sampleRss();
      const memory = process.memoryUsage();
      process.send!({ type: 'stats', statements: app.statements(), rss: memory.rss, peakRss, memory,
        loopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 }, healthMaxMs, healthAcceptToRequestMaxMs, healthAnswers });
    }
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
