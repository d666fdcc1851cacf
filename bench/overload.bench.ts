import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { serviceNodeFlags } from '../dev/service-flags';

/**
 * npm run bench:overload: the contract's "Slow or many clients" under load.
 * 200 clients (BENCH_CONNECTIONS) ask for the dashboard (as in npm run bench:
 * 50 programs × 10 measures × 4 payments) for 15 s (BENCH_SECONDS) while
 * another process times GET /health every 200 ms. Prints latency (p50, p99,
 * max, over every answer, 503s included), how many were refused with 503
 * (admission: MAX_CONCURRENT_OPERATIONS, 2 s), the server's peak RSS, and
 * /health's latency; fails when RSS reaches 400 MB, /health takes 1 s or
 * more, or anything but 200 and 503 is answered.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const RSS_LIMIT_MB = 400;
const HEALTH_LIMIT_MS = 1_000;

const ask = <T>(child: ChildProcess, type: string, reply = type): Promise<T> => new Promise((resolve) => {
  const onMessage = (message: { type: string }) => {
    if (message.type !== reply) return;
    child.off('message', onMessage);
    resolve(message as T);
  };
  child.on('message', onMessage);
  if (type !== 'ready') child.send({ type });
});

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

interface SlowProbe { atMs: number; connectMs: number; ms: number; connectedAt: number; endedAt: number }
interface HealthAnswer { acceptedAt: number; answeredAt: number }

/**
 * A slow probe beside the server's answer to it (the one sent while the probe was connected): how long
 * its connection waited to be accepted, and how long the server took from accept to answer.
 */
function whereSlow({ connectedAt, endedAt, ...probe }: SlowProbe, answers: HealthAnswer[]) {
  const answer = answers.find((a) => a.answeredAt >= connectedAt && a.answeredAt <= endedAt);
  return {
    ...probe,
    waitedForAcceptMs: answer ? Math.round(answer.acceptedAt - connectedAt) : null,
    inServerMs: answer ? Math.round(answer.answeredAt - answer.acceptedAt) : null,
  };
}

async function main() {
  const server = fork(join(__dirname, 'bench-server.js'), { env: process.env, execArgv: serviceNodeFlags() });
  const ready = await ask<{ port: number; token: string; query: string; database: string }>(server, 'ready');
  const load = (duration: number, connections: number) => autocannon({
    url: `http://127.0.0.1:${ready.port}/graphql`,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.token}` },
    body: JSON.stringify({ query: ready.query }),
  } as autocannon.Options);

  await load(2, 10); // warm-up: JIT, pool, caches
  await ask(server, 'reset');
  const prober = fork(join(__dirname, 'overload-probe.js'), [`http://127.0.0.1:${ready.port}/health`]);
  await ask(prober, 'ready', 'probing');
  const result = await load(SECONDS, CONNECTIONS);
  const probed = await ask<{ latencies: number[]; failures: number; slow: SlowProbe[] }>(prober, 'stop', 'probed');
  const stats = await ask<{ rss: number; peakRss: number; loopDelayMs: { p99: number; max: number }; healthMaxMs: number; healthAcceptToRequestMaxMs: number; healthAnswers: HealthAnswer[]; memory: NodeJS.MemoryUsage }>(server, 'stats');
  server.send({ type: 'stop' });

  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count ?? 0]));
  const refused = statusCounts['503'] ?? 0;
  const unexpected = Object.entries(statusCounts).filter(([code]) => code !== '200' && code !== '503').reduce((n, [, count]) => n + count, 0);
  const health = [...probed.latencies].sort((a, b) => a - b);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const peakRssMb = mb(stats.peakRss);
  const healthMaxMs = health.length ? health[health.length - 1] : null;
  const report = {
    database: ready.database,
    connections: CONNECTIONS,
    seconds: SECONDS,
    maxConcurrentOperations: Number(process.env.MAX_CONCURRENT_OPERATIONS ?? 32),
    requests: result.requests.total,
    statusCounts,
    refused503: refused,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    reqPerSec: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    serverRssMb: { peak: peakRssMb, end: mb(stats.rss) },
    // At the end: V8's heap, and memory outside it (PGlite's WebAssembly memory is there).
    serverMemoryMb: { heapTotal: mb(stats.memory.heapTotal), external: mb(stats.memory.external) },
    serverEventLoopDelayMs: { p99: round(stats.loopDelayMs.p99), max: round(stats.loopDelayMs.max) },
    healthMs: { samples: health.length, failures: probed.failures, p50: round(percentile(health, 50)), p99: round(percentile(health, 99)), max: round(healthMaxMs) },
    healthSlowerThan500Ms: probed.slow.map((probe) => whereSlow(probe, stats.healthAnswers)),
    healthInServerMaxMs: { acceptToRequest: round(stats.healthAcceptToRequestMaxMs), requestToResponse: round(stats.healthMaxMs) },
    targets: {
      [`peak RSS < ${RSS_LIMIT_MB} MB`]: peakRssMb < RSS_LIMIT_MB,
      [`/health < ${HEALTH_LIMIT_MS} ms`]: probed.failures === 0 && healthMaxMs !== null && healthMaxMs < HEALTH_LIMIT_MS,
      'only 200 and 503 answered': unexpected === 0 && result.errors === 0,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (Object.values(report.targets).some((met) => !met)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench:overload: ${(error as Error).stack}\n`);
  process.exit(1);
});
