import { randomUUID } from 'node:crypto';
import { startBenchApp } from './bench-app';

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
  const app = await startBenchApp();
  const token = await app.token(randomUUID(), ['org_admin']);

  const gql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(app.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const timed = async (label: string, run: () => Promise<unknown>) => {
    app.resetStatements();
    const started = performance.now();
    await run();
    return { label, ms: Math.round(performance.now() - started), sqlStatements: app.statements() };
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
  process.stdout.write(`${JSON.stringify({ database: app.db.kind, members: MEMBERS, results }, null, 2)}\n`);
  await app.stop();
}

main().catch((error) => {
  process.stderr.write(`capitation bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
