import { randomUUID } from 'node:crypto';
import { type BenchApp, startBenchApp } from './bench-app';
import { table, writeResults } from './results';

/**
 * npm run bench (capitation curves): rosters of 10,000 and 100,000 members
 * over 24 months, each in its own organization. Times, through GraphQL, the
 * CSV import (in files of at most 40,000 rows: the contract's limit is
 * 50,000), generateCapitationPeriods (first run and an idempotent re-run) and
 * a 12-month capitationRevenue, with the SQL statements each sends and the
 * cost per member, which should stay flat or fall as the roster grows.
 */
const MEMBERS = (process.env.BENCH_MEMBERS ?? '10000,100000').split(',').map(Number);
const ROWS_PER_FILE = 40_000;

function rosterRows(members: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < members; i++) {
    const id = `MBR${String(i).padStart(8, '0')}`;
    rows.push(`${id},ENROLL,2024-${String((i % 12) + 1).padStart(2, '0')}-01`);
    if (i % 5 === 0) rows.push(`${id},DISENROLL,2025-${String((i % 12) + 1).padStart(2, '0')}-15`);
  }
  return rows;
}

async function curve(app: BenchApp, members: number) {
  const token = await app.token(randomUUID(), ['org_admin']);
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(app.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    return body.data!;
  };
  const timed = async (step: string, run: () => Promise<unknown>) => {
    app.resetStatements();
    const started = performance.now();
    await run();
    const ms = performance.now() - started;
    return { members, step, ms: Math.round(ms), 'µs/member': Math.round((ms * 1000) / members), SQL: app.statements() };
  };
  const { createCapitationContract: contract } = await gql(
    'mutation { createCapitationContract(input: { name: "Bench HMO", pmpmRate: "45.37", effectiveFrom: "2024-01-01" }) { id } }', {});
  const rows = rosterRows(members);
  const files: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_FILE) files.push(['memberIdExternal,eventType,effectiveDate', ...rows.slice(i, i + ROWS_PER_FILE)].join('\n'));
  const generate = () => gql('mutation ($c: ID!) { generateCapitationPeriods(contractId: $c, through: "2025-12-31") { id enrolledMemberCount } }', { c: contract.id });
  return [
    await timed(`import ${rows.length} rows (${files.length} CSV)`, async () => {
      for (const csv of files) await gql('mutation ($c: ID!, $csv: String!) { importRosterCsv(contractId: $c, csv: $csv) { accepted rejected } }', { c: contract.id, csv });
    }),
    await timed('generate 24 months, first run', generate),
    await timed('generate 24 months, re-run', generate),
    await timed('capitationRevenue, 12 months', () => gql(
      'query { capitationRevenue(from: "2025-01-01", to: "2025-12-31") { month enrolledMemberCount expectedRevenue receivedRevenue variance } }', {})),
  ];
}

async function main() {
  const app = await startBenchApp();
  const rows = [];
  try {
    for (const members of MEMBERS) rows.push(...await curve(app, members));
  } finally {
    await app.stop();
  }
  process.stdout.write(`capitation scale (${app.db.kind})\n${table(rows)}\n`);
  process.stdout.write(`written: ${writeResults('capitation-scale', { database: app.db.kind, rows })}\n`);
}

main().catch((error) => {
  process.stderr.write(`capitation bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
