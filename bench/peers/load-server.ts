import autocannon from 'autocannon';
import { dashboardText } from './check-same-answers';
import type { QueryCounts } from './count-queries';
import { machineBusyCpuMs } from './machine-cpu';
import type { ServerProcess } from './server-process';

export interface LoadSettings { connections: number; seconds: number; warmUpSeconds: number }

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
   * shared machine, and they say which side a server spends in.
   */
  cpuMsPerRequest: { server: number; rest: number | null };
}

const SEQUENTIAL_REQUESTS = 20;

const perRequest = (counts: QueryCounts, requests: number): QueryCounts => {
  const each = (n: number) => Number((n / requests).toFixed(2));
  return { total: each(counts.total), transaction: each(counts.transaction), settings: each(counts.settings), other: each(counts.other) };
};

/** Tokens of all organizations in turn, one per request, across all connections. */
function run(server: ServerProcess, tokens: string[], connections: number, seconds: number) {
  let next = 0;
  const headers = { 'content-type': 'application/json' };
  return autocannon({
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
  } as autocannon.Options);
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

export async function loadServer(server: ServerProcess, tokens: string[], settings: LoadSettings): Promise<ServerResult> {
  await run(server, tokens, settings.connections, settings.warmUpSeconds); // JIT, pools, plan caches
  await settled(server);
  await server.resetCounts();
  let responseBytes = 0;
  for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) responseBytes = Buffer.byteLength(await dashboardText(server, tokens[i % tokens.length]));
  const sequential = (await server.stats()).counts;
  await server.resetCounts();
  const machineBefore = machineBusyCpuMs();
  const ownBefore = process.cpuUsage();
  const result = await run(server, tokens, settings.connections, settings.seconds);
  await settled(server);
  const own = process.cpuUsage(ownBefore);
  const machineAfter = machineBusyCpuMs();
  const { counts, requests: received, cpuMs, rss } = await server.stats();
  const perReceived = (ms: number) => (received ? Number((ms / received).toFixed(2)) : 0);
  const requests = result.requests.total;
  return {
    server: server.name,
    requests,
    reqPerSec: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, graphqlErrors: result.mismatches },
    serverRssMb: Math.round(rss / 1024 / 1024),
    responseBytes,
    sqlPerRequest: perRequest(sequential, SEQUENTIAL_REQUESTS),
    sqlPerRequestUnderLoad: received ? Number((counts.total / received).toFixed(2)) : 0,
    cpuMsPerRequest: {
      server: perReceived(cpuMs),
      rest: machineBefore === undefined || machineAfter === undefined ? null
        : perReceived(Math.max(0, machineAfter - machineBefore - cpuMs - (own.user + own.system) / 1000)),
    },
  };
}
