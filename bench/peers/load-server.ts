import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { dashboardText } from './check-same-answers';
import type { QueryCounts } from './count-queries';
import { restOfMachineCpu } from './machine-cpu';
import type { ServerProcess } from './server-process';

export interface LoadSettings {
  connections: number;
  /** Timed seconds per server, split evenly over the rounds. */
  seconds: number;
  warmUpSeconds: number;
  /** The servers take turns this many times, so a slow spell of a shared machine falls on all of them. */
  rounds: number;
}

export interface ServerResult {
  server: string;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p99: number };
  /** Non-2xx answers, socket errors, and 200s carrying "errors". */
  failures: { non2xx: number; errors: number; timeouts: number; graphqlErrors: number };
  serverRssMb: number;
  /** One organization's answer: the JSON each server writes differs in field names and spacing. */
  responseBytes: number;
  /** Exact: counted over sequential requests, nothing else in flight. */
  sqlPerRequest: QueryCounts;
  /** Over the timed run: statements / HTTP requests the server received (including those autocannon left in flight). */
  sqlPerRequestUnderLoad: number;
  /**
   * Over the timed run, per HTTP request received: CPU ms of the server process, and of the rest of
   * the machine but the load generator (PostgreSQL, mostly; null off Linux). Steadier than req/s on a
   * shared machine, and they say which side a server spends in. `postgres`: the CPU of the PostgreSQL
   * backends that server's connections talk to (exact, whatever else the machine runs; null when
   * PostgreSQL runs elsewhere).
   */
  cpuMsPerRequest: { server: number; postgres: number | null; rest: number | null };
}

const SEQUENTIAL_REQUESTS = 20;

const perRequest = (counts: QueryCounts, requests: number): QueryCounts => {
  const each = (n: number) => Number((n / requests).toFixed(2));
  return { total: each(counts.total), transaction: each(counts.transaction), settings: each(counts.settings), other: each(counts.other) };
};

/** Tokens of all organizations in turn, one per request, across all connections; every latency is kept. */
function run(server: ServerProcess, tokens: string[], connections: number, seconds: number, latencies: number[] = []) {
  let next = 0;
  const headers = { 'content-type': 'application/json' };
  const instance = autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [{
      method: 'POST',
      body: JSON.stringify({ query: server.query }),
      setupRequest: (request: autocannon.Request) => ({
        ...request, headers: { ...headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
      }),
    }],
    // A GraphQL error still answers 200: count those responses as failures too.
    verifyBody: (body: string) => !body.includes('"errors"'),
  } as autocannon.Options) as unknown as Promise<autocannon.Result> & EventEmitter; // without a callback: its tracker, made thenable
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => { latencies.push(ms); });
  return instance;
}

/**
 * autocannon stops on time with requests in flight, which the server goes on
 * answering: wait until no statement was sent for 300 ms before counting anew.
 */
async function settled(server: ServerProcess): Promise<void> {
  let last = -1;
  for (let quiet = 0; quiet < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { total } = (await server.stats()).counts;
    quiet = total === last ? quiet + 1 : 0;
    last = total;
  }
}

/** What the timed rounds of one server add up to. */
interface Timed {
  requests: number;
  seconds: number;
  latencies: number[];
  failures: ServerResult['failures'];
  /** Requests the server received, statements it sent, CPU of the server and of the rest of the machine (ms). */
  received: number;
  statements: number;
  serverCpuMs: number;
  postgresCpuMs: number | null;
  restCpuMs: number | null;
  rss: number;
}

/**
 * One server under load: warmed up, counted over sequential requests, then
 * `timedRound` once per round (run.ts takes the servers in turns), then `result`.
 */
export function serverUnderLoad(server: ServerProcess, tokens: string[], settings: LoadSettings) {
  const roundSeconds = settings.seconds / settings.rounds;
  const timed: Timed = {
    requests: 0, seconds: 0, latencies: [], failures: { non2xx: 0, errors: 0, timeouts: 0, graphqlErrors: 0 },
    received: 0, statements: 0, serverCpuMs: 0, postgresCpuMs: 0, restCpuMs: 0, rss: 0,
  };
  let responseBytes = 0;
  let sequential: QueryCounts | undefined;
  return {
    server,
    async warmUp() {
      await run(server, tokens, settings.connections, settings.warmUpSeconds); // JIT, pools, plan caches
      await settled(server);
      await server.resetCounts();
      for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) responseBytes = Buffer.byteLength(await dashboardText(server, tokens[i % tokens.length]));
      sequential = (await server.stats()).counts;
    },
    async timedRound() {
      // A second of load first: the pools' idle connections may have closed while the others ran.
      await run(server, tokens, settings.connections, 1);
      await settled(server);
      await server.resetCounts();
      const window = restOfMachineCpu();
      const result = await run(server, tokens, settings.connections, roundSeconds, timed.latencies);
      await settled(server);
      const restOf = window.stop();
      const { counts, requests: received, cpuMs, postgresCpuMs, rss } = await server.stats();
      const rest = restOf(cpuMs);
      timed.requests += result.requests.total;
      timed.seconds += result.duration;
      timed.failures.non2xx += result.non2xx;
      timed.failures.errors += result.errors;
      timed.failures.timeouts += result.timeouts;
      timed.failures.graphqlErrors += result.mismatches;
      timed.received += received;
      timed.statements += counts.total;
      timed.serverCpuMs += cpuMs;
      timed.postgresCpuMs = postgresCpuMs === null || timed.postgresCpuMs === null ? null : timed.postgresCpuMs + postgresCpuMs;
      timed.restCpuMs = rest === undefined || timed.restCpuMs === null ? null : timed.restCpuMs + rest;
      timed.rss = Math.max(timed.rss, rss);
    },
    result(): ServerResult {
      const perReceived = (ms: number) => (timed.received ? Number((ms / timed.received).toFixed(2)) : 0);
      const sorted = [...timed.latencies].sort((a, b) => a - b);
      const percentile = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : 0);
      return {
        server: server.name,
        requests: timed.requests,
        reqPerSec: timed.seconds ? Number((timed.requests / timed.seconds).toFixed(1)) : 0,
        latencyMs: { p50: percentile(50), p99: percentile(99) },
        failures: timed.failures,
        serverRssMb: Math.round(timed.rss / 1024 / 1024),
        responseBytes,
        sqlPerRequest: perRequest(sequential!, SEQUENTIAL_REQUESTS),
        sqlPerRequestUnderLoad: perReceived(timed.statements),
        cpuMsPerRequest: {
          server: perReceived(timed.serverCpuMs), postgres: timed.postgresCpuMs === null ? null : perReceived(timed.postgresCpuMs), rest: timed.restCpuMs === null ? null : perReceived(timed.restCpuMs),
        },
      };
    },
  };
}
