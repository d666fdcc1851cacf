import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
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
 * npm run bench (second part): a roster of 10,000 members over 24 months.
 * Times, through GraphQL, the CSV import, generateCapitationPeriods (first run
 * and an idempotent re-run) and a 12-month capitationRevenue, with the SQL
 * statements each sends.
 */
const MEMBERS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function rosterCsv(): string {
  const lines = ['memberIdExternal,eventType,effectiveDate'];
  for (let i = 0; i < MEMBERS; i++) {
    const id = `MBR${String(i).padStart(8, '0')}`;
    lines.push(`${id},ENROLL,2024-${String((i % 12) + 1).padStart(2, '0')}-01`);
    if (i % 5 === 0) lines.push(`${id},DISENROLL,2025-${String((i % 12) + 1).padStart(2, '0')}-15`);
  }
  return lines.join('\n');
}

async function main() {
  const fresh = process.env.DATABASE_URL ? await createFreshDatabase(process.env.DATABASE_URL, 'pm_vbp_bench') : undefined;
  const db = await openDatabase({ databaseUrl: fresh?.url, pgliteDir: 'memory://', logQueries: true });
  await migrate(db);
  let statements = 0;
  db.prisma.$on('query', () => { statements++; });
  const secret = 'bench-secret-bench-secret-bench-secret';
  const log = createLogger('warn');
  const { schema } = await buildAppSchema();
  const deps = {
    prisma: db.prisma, verifyToken: createTokenVerifier({ secret }), log, phi: createPhiKeys(secret), outbox: createOutboxRelay(db.prisma, log),
  };
  const { httpServer, apollo } = await createHttpServer({ schema, deps, production: true, ping: () => db.ping(), log });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  const token = await signToken({ sub: 'bench', orgId: randomUUID(), roles: ['org_admin'] }, secret);

  const gql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const timed = async (label: string, run: () => Promise<unknown>) => {
    statements = 0;
    const started = performance.now();
    await run();
    return { label, ms: Math.round(performance.now() - started), sqlStatements: statements };
  };
  const best = async (label: string, run: () => Promise<unknown>) => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await timed(label, run));
    runs.sort((a, b) => a.ms - b.ms);
    return { label, bestMs: runs[0].ms, medianMs: runs[Math.floor(runs.length / 2)].ms, sqlStatements: runs[0].sqlStatements, runs: RUNS };
  };

  const { createCapitationContract: contract } = await gql(
    'mutation { createCapitationContract(input: { name: "Bench HMO", pmpmRate: "45.37", effectiveFrom: "2024-01-01" }) { id } }', {});
  const csv = rosterCsv();
  const results = [];
  results.push(await timed(`importRosterCsv (${csv.split('\n').length - 1} rows)`, () => gql(
    'mutation ($c: ID!, $csv: String!) { importRosterCsv(contractId: $c, csv: $csv) { accepted rejected } }', { c: contract.id, csv })));
  const generate = () => gql('mutation ($c: ID!) { generateCapitationPeriods(contractId: $c, through: "2025-12-31") { id enrolledMemberCount } }', { c: contract.id });
  results.push(await timed('generateCapitationPeriods, 24 months, first run', generate));
  results.push(await best('generateCapitationPeriods, 24 months, re-run', generate));
  results.push(await best('capitationRevenue, 12 months', () => gql(
    'query { capitationRevenue(from: "2025-01-01", to: "2025-12-31") { month enrolledMemberCount expectedRevenue receivedRevenue variance } }', {})));
  process.stdout.write(`${JSON.stringify({ database: db.kind, members: MEMBERS, results }, null, 2)}\n`);

  await apollo.stop();
  await db.close();
  await fresh?.drop();
}

main().catch((error) => {
  process.stderr.write(`capitation bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
