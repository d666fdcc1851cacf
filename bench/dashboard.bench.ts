import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { serviceNodeFlags } from '../dev/service-flags';

/**
 * npm run bench: the dashboard query (programs(first: 50) with measures,
 * payments and summaries) over 50 programs × 10 measures × 4 payments, under
 * 10 connections. PostgreSQL when DATABASE_URL is set (a fresh database on
 * that server), else the embedded PGlite.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

const ask = <T>(child: ChildProcess, type: string): Promise<T> => new Promise((resolve) => {
  const onMessage = (message: { type: string }) => {
    if (message.type !== type) return;
    child.off('message', onMessage);
    resolve(message as T);
  };
  child.on('message', onMessage);
  if (type !== 'ready') child.send({ type });
});

async function main() {
  // With `npm start`'s Node flags, as the other benchmarks: the RSS it reports depends on them.
  const child = fork(join(__dirname, 'bench-server.js'), { env: process.env, execArgv: serviceNodeFlags() });
  const ready = await ask<{ port: number; token: string; query: string; database: string }>(child, 'ready');
  const load = (duration: number) => autocannon({
    url: `http://127.0.0.1:${ready.port}/graphql`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.token}` },
    body: JSON.stringify({ query: ready.query }),
    // A GraphQL error still answers 200: count those responses as failures too.
    verifyBody: (body: string) => !body.includes('"errors"'),
  } as autocannon.Options);

  await load(2); // warm-up: JIT, pool, caches
  await ask(child, 'reset');
  const result = await load(SECONDS);
  const stats = await ask<{ statements: number; rss: number }>(child, 'stats');
  child.send({ type: 'stop' });

  const requests = result.requests.total;
  const report = {
    database: ready.database,
    connections: CONNECTIONS,
    seconds: SECONDS,
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    graphqlErrors: result.mismatches,
    reqPerSec: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    serverRssMb: Math.round(stats.rss / 1024 / 1024),
    sqlStatementsPerRequest: requests ? Number((stats.statements / requests).toFixed(2)) : null,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (result.non2xx || result.errors || result.mismatches) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
