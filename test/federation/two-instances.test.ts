import { postgresEventBus } from '../../src/platform/events/bus';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningGateway, startGateway } from '../../dev/gateway';
import { startClSubgraph } from '../../dev/subgraphs/cl/server';
import { startFaSubgraph } from '../../dev/subgraphs/fa/server';
import type { RunningSubgraph } from '../../dev/subgraphs/reference-subgraph';
import { serveApp } from '../../src/app/serve';
import { type Database, openDatabase } from '../../src/platform/db/client';
import { createLogger } from '../../src/platform/log';
import { createOutboxRelay } from '../../src/platform/events/relay';
import { type ClListener, startClListener } from '../../src/quality/cl-listener';
import { clEvent } from '../helpers/cl-events';
import { listen } from '../helpers/events';
import { addMeasure, createProgram } from '../helpers/factories';
import { startTestApp, TEST_PHI_KEY, TEST_PUBLIC_BASE_URL, type TestApp } from '../helpers/server';
import { newOrg, TEST_JWT_SECRET, type TestOrg } from '../helpers/tokens';

/**
 * Two instances of the service on one database, behind a round-robin balancer
 * that the gateway sees as the PM subgraph: each with its own pool (on
 * PostgreSQL), its own outbox relay and its own CL listener, as two processes
 * would have. (On PGlite they share the one embedded instance.)
 */
const silent = createLogger('silent');
let first: TestApp;
let secondDb: Database;
let second: { url: string; stop(): Promise<void> };
let listeners: ClListener[] = [];
let balancer: Server;
const servedBy: string[] = [];
let cl: RunningSubgraph;
let fa: RunningSubgraph;
let gateway: RunningGateway;

/** Alternates between the instances, request by request, and records which one answered. */
function startBalancer(urls: string[]): Promise<string> {
  let next = 0;
  balancer = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = urls[next++ % urls.length];
    servedBy.push(target);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => ['content-type', 'authorization', 'accept'].includes(k))) as Record<string, string>;
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  return new Promise((resolve) => balancer.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(balancer.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  first = await startTestApp();
  secondDb = first.db.url ? await openDatabase({ databaseUrl: first.db.url, pgliteDir: 'memory://', poolSize: 5 }) : first.db;
  const relay = createOutboxRelay(secondDb.prisma, silent, { intervalMs: 100 });
  const served = await serveApp({
    db: secondDb, log: silent, auth: { secret: TEST_JWT_SECRET }, phiKey: TEST_PHI_KEY, publicBaseUrl: TEST_PUBLIC_BASE_URL, production: false, outbox: relay,
  });
  await new Promise<void>((resolve) => served.httpServer.listen(0, '127.0.0.1', resolve));
  second = { url: `http://127.0.0.1:${(served.httpServer.address() as AddressInfo).port}`, stop: served.stop };
  first.outbox.start();
  relay.start();
  listeners = await Promise.all([startClListener({ db: first.db, log: silent, bus: postgresEventBus(first.db) }), startClListener({ db: secondDb, log: silent, bus: postgresEventBus(secondDb) })]);

  const balanced = await startBalancer([first.url, second.url]);
  [cl, fa] = await Promise.all([startClSubgraph({ jwtSecret: TEST_JWT_SECRET, port: 0 }), startFaSubgraph({ jwtSecret: TEST_JWT_SECRET, port: 0 })]);
  gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphUrls: { pm: `${balanced}/graphql`, cl: cl.url, fa: fa.url } });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([cl?.stop(), fa?.stop()]);
  await new Promise((resolve) => balancer?.close(resolve));
  await Promise.all(listeners.map((l) => l.stop()));
  await second?.stop();
  if (secondDb && secondDb !== first.db) await secondDb.close();
  await first?.close();
});

const viaGateway = async (query: string, variables: Record<string, unknown>, token: string) => {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
};

const PAGE = 'query ($after: String) { programs(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { name } } } }';

it('pages through programs with cursors from one instance used on the other', async () => {
  const org = await newOrg();
  for (const name of ['E', 'A', 'D', 'B', 'C']) await createProgram(first, org.admin, { name });
  const names: string[] = [];
  const servers = new Set<string>();
  let after: string | null = null;
  do {
    const before = servedBy.length;
    const page = await viaGateway(PAGE, { after }, org.staff);
    expect(page.errors).toBeUndefined();
    servers.add(servedBy[before]);
    names.push(...page.data.programs.edges.map((e: { node: { name: string } }) => e.node.name));
    after = page.data.programs.pageInfo.hasNextPage ? page.data.programs.pageInfo.endCursor : null;
  } while (after);
  expect(names).toEqual(['A', 'B', 'C', 'D', 'E']);
  expect(servers.size).toBe(2);
});

async function reconcilablePeriods(org: TestOrg, count: number) {
  const created = await first.gql('mutation { createCapitationContract(input: { name: "HMO", pmpmRate: "45.10", effectiveFrom: "2025-01-01" }) { id } }', {}, org.admin);
  const contractId = created.data.createCapitationContract.id;
  const periods = await first.gql('mutation ($c: ID!, $t: Date!) { generateCapitationPeriods(contractId: $c, through: $t) { id } }',
    { c: contractId, t: `2025-${String(count).padStart(2, '0')}-28` }, org.admin);
  return periods.data.generateCapitationPeriods.map((p: { id: string }) => p.id) as string[];
}

it('publishes each capitation_payment_received once, whichever instance committed it, with both relays running', async () => {
  const org = await newOrg();
  const periodIds = await reconcilablePeriods(org, 12);
  const events = await listen(first.db, 'pm_events');
  try {
    const reconciled = await Promise.all(periodIds.map((p, i) => viaGateway(
      'mutation ($p: ID!) { reconcileCapitationPeriod(periodId: $p, input: { receivedAmount: "0.00", paymentDate: "2025-02-03" }) { id } }',
      { p }, org.admin,
    ).then((res) => { expect(res.errors).toBeUndefined(); return `${i}`; })));
    expect(reconciled).toHaveLength(12);
    await events.waitFor(12);
    await new Promise((resolve) => setTimeout(resolve, 400)); // both relays get several more passes
    const ours = events.messages.map((m) => JSON.parse(m)).filter((m) => m.payload.organization_id === org.orgId);
    expect(ours).toHaveLength(12);
    expect(new Set(ours.map((m) => m.id)).size).toBe(12);
    expect(new Set(ours.map((m) => m.payload.period_id))).toEqual(new Set(periodIds));
  } finally {
    await events.close();
  }
});

it('applies a CL event heard by both listeners once', async () => {
  const org = await newOrg();
  const program = await createProgram(first, org.admin, { measurementPeriod: 'CY2025' });
  const measure = await addMeasure(first, org.admin, program.id, { measureId: 'AMM', source: 'CLINICAL', numerator: 1, denominator: 2 });
  const event = clEvent(org.orgId, { numerator_count: 90, denominator_count: 120 });
  await first.db.withSession((s) => s.query('SELECT pg_notify($1, $2)', ['cl_events', JSON.stringify(event)]));

  const inbox = async () => first.db.withSession((s) => s.query<{ outcome: string }>(
    'SELECT outcome FROM pm_inbox WHERE organization_id = $1 ORDER BY outcome', [org.orgId]));
  for (let i = 0; i < 200 && (await inbox()).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  // Both heard it; one stored it, the other found the same event already there.
  expect((await inbox()).map((r) => r.outcome)).toEqual(['DUPLICATE', 'STORED']);
  const results = await first.db.withSession((s) => s.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pm_quality_measure_results WHERE organization_id = $1', [org.orgId]));
  expect(results).toEqual([{ n: 1 }]);
  const synced = await first.gql('query ($id: ID!) { measure(id: $id) { numerator denominator } }', { id: measure.id }, org.staff);
  expect(synced.data.measure).toEqual({ numerator: 90, denominator: 120 });
});
