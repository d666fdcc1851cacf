import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { startGateway } from '../dev/gateway';
import { serviceNodeFlags } from '../dev/service-flags';
import { startClSubgraph } from '../dev/subgraphs/cl/server';
import { startFaSubgraph } from '../dev/subgraphs/fa/server';
import { BENCH_JWT_SECRET } from './bench-app';
import { startServer } from './peers/server-process';

/**
 * npm run bench:federation: the gateway over PM (in its own process, as in
 * production, on a fresh database seeded with 50 programs × 10 measures × 4
 * payments) and the reference CL and FA subgraphs, loaded with one operation
 * that crosses all three: PM's programs, CL's fields on their measures, FA's
 * on their payments, and FA's entries whose program PM resolves again
 * (`_entities`). Reports req/s, p99, PM's `_entities` batch sizes and PM's
 * CPU per operation; then one `_entities` call of 1,000 representations
 * straight to PM, with its SQL statements and CPU.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PAGE = Number(process.env.BENCH_FIRST ?? 25);

const CROSSING_QUERY = `query Crossing($first: Int!, $programId: ID!) {
  programs(first: $first) { edges { node {
    id name
    measures { id measureId rate performanceLevel clinicalSource }
    incentivePayments { id earnedAmount recognizedRevenueMonth }
  } } }
  revenueRecognitionEntries(programId: $programId) { id amount program { id name summary { measureCount earnedTotal } } }
}`;

async function post(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data;
}

async function main() {
  const pm = await startServer({ name: 'pm', script: 'bench-server.js', query: '', nodeFlags: serviceNodeFlags(), env: {} });
  const token = pm.ready.token as string;
  const [cl, fa] = await Promise.all([startClSubgraph({ jwtSecret: BENCH_JWT_SECRET, port: 0, host: '127.0.0.1' }),
    startFaSubgraph({ jwtSecret: BENCH_JWT_SECRET, port: 0, host: '127.0.0.1' })]);
  const batches: number[] = [];
  const gateway = await startGateway({
    port: 0, host: '127.0.0.1', subgraphUrls: { pm: pm.url, cl: cl.url, fa: fa.url },
    onSubgraphRequest: (name, request) => {
      const representations = request.variables?.representations;
      if (name === 'pm' && Array.isArray(representations)) batches.push(representations.length);
    },
  });
  try {
    const first = await post(gateway.url, token, 'query { programs(first: 1) { edges { node { id } } } }');
    const variables = { first: PAGE, programId: first.programs.edges[0].node.id };
    await post(gateway.url, token, CROSSING_QUERY, variables); // the gateway plans it once
    const load = (duration: number) => autocannon({
      url: gateway.url, method: 'POST', connections: CONNECTIONS, duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: CROSSING_QUERY, variables }),
      verifyBody: (body: string) => !body.includes('"errors"'),
    } as autocannon.Options);
    await load(2);
    await pm.resetCounts();
    batches.length = 0;
    const gatewayCpu = process.cpuUsage();
    const result = await load(SECONDS);
    const gatewayCpuMs = (() => { const used = process.cpuUsage(gatewayCpu); return (used.user + used.system) / 1000; })();
    const pmStats = await pm.stats();
    const operations = result.requests.total;

    // 1,000 representations of PM's measures (existing ids, repeated), straight to PM.
    const page = await post(pm.url, token, 'query { programs(first: 100) { edges { node { measures { id } } } } }');
    const ids: string[] = page.programs.edges.flatMap((e: any) => e.node.measures.map((m: any) => m.id));
    const representations = Array.from({ length: 1000 }, (_, i) => (i % 10 === 9 ? { __typename: 'Measure', id: randomUUID() } : { __typename: 'Measure', id: ids[i % ids.length] }));
    await post(pm.url, token, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Measure { id rate } } }', { r: representations });
    await pm.resetCounts();
    const started = performance.now();
    const entities = await post(pm.url, token, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Measure { id rate } } }', { r: representations });
    const entitiesMs = performance.now() - started;
    const entitiesStats = await pm.stats();

    const perOp = (x: number) => (operations ? Number((x / operations).toFixed(2)) : null);
    const report = {
      connections: CONNECTIONS, seconds: SECONDS, programsPerPage: PAGE,
      operations, reqPerSec: result.requests.average, latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      failures: result.non2xx + result.errors + result.mismatches,
      pm: {
        cpuMsPerOperation: perOp(pmStats.cpuMs), sqlPerOperation: perOp(pmStats.counts.total), requestsPerOperation: perOp(pmStats.requests),
        entitiesBatchSizes: summarize(batches), rssMb: Math.round(pmStats.rss / 1024 / 1024),
      },
      gatewayAndReferenceSubgraphsCpuMsPerOperation: perOp(gatewayCpuMs),
      pmShareOfCpu: operations ? Number((pmStats.cpuMs / (pmStats.cpuMs + gatewayCpuMs)).toFixed(2)) : null,
      entities1000: {
        resolved: entities._entities.filter((e: unknown) => e !== null).length, nulls: entities._entities.filter((e: unknown) => e === null).length,
        wallMs: Math.round(entitiesMs), pmCpuMs: Math.round(entitiesStats.cpuMs), sqlStatements: entitiesStats.counts.total,
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.failures) process.exitCode = 1;
  } finally {
    await gateway.stop();
    await Promise.all([cl.stop(), fa.stop(), pm.stop()]);
  }
}

function summarize(sizes: number[]) {
  if (!sizes.length) return { batches: 0 };
  const sorted = [...sizes].sort((a, b) => a - b);
  return { batches: sizes.length, min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
}

main().catch((error) => {
  process.stderr.write(`bench:federation: ${(error as Error).stack}\n`);
  process.exit(1);
});
