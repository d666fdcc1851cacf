import { createFreshDatabase } from '../../dev/fresh-database';
import { signToken } from '../../src/platform/identity/token';
import { BENCH_JWT_SECRET } from '../bench-app';
import { serviceNodeFlags } from '../../dev/service-flags';
import { checkSameAnswers } from './check-same-answers';
import { OURS_DASHBOARD_QUERY, POSTGRAPHILE_DASHBOARD_QUERY } from './dashboard-queries';
import { ORGANIZATIONS, PROGRAMS_PER_ORGANIZATION, MEASURES_PER_PROGRAM, PAYMENTS_PER_PROGRAM } from './fill-vbp-tables';
import { loadData } from './load-data';
import { serverUnderLoad } from './load-server';
import { NODE22_VERSION, node22Binary } from './node22';
import { installPeerPackages, peerRequire } from './peer-packages';
import { compare, printReport, writeReport } from './report';
import { type ServerProcess, startServer } from './server-process';

/**
 * npm run bench:peers: the dashboard query of ours, PostGraphile v5 and a raw
 * node:http + pg server, on the same data in one fresh database: checked to
 * answer the same for every organization, then loaded in turns: BENCH_ROUNDS
 * (4) rounds, each giving every server an equal share of its timed seconds,
 * the order rotating, so that a slow spell of a shared machine falls on all
 * three alike. DATABASE_URL (default the local postgres) names the server;
 * BENCH_SECONDS (20 per server), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS
 * (10) shape the load.
 * BENCH_LOAD=ours (a comma list) loads only those, for quick rounds while
 * working on one of them; the ratios and targets need all three.
 */
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const settings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  seconds: Number(process.env.BENCH_SECONDS ?? 20),
  warmUpSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  rounds: Number(process.env.BENCH_ROUNDS ?? 4),
};

const LOADED = (process.env.BENCH_LOAD ?? 'ours,postgraphile,raw').split(',').map((name) => name.trim());

const NOTES = [
  'Each request carries the token of the next of the organizations in turn (round-robin over all of them).',
  'The servers are loaded in turns (rounds, the order rotating); p50 and p99 are over every timed request of a server.',
  'SQL/req: pg Client#query calls per request, over 20 sequential requests; BEGIN/COMMIT and set_config count (tx+set).',
  'All three verify the HS256 token (jose) and isolate by RLS under a non-owner role; ours alone also checks permissions (shield),',
  '  and applies query limits. PostGraphile runs on Node 22 (its minimum), ours and raw on Node 20.',
  'One machine: the load generator, the servers and PostgreSQL share its cores; compare ratios, not absolute numbers.',
  'CPU ms/req: the server process; PG CPU: the PostgreSQL backends its connections talk to (from /proc: exact however',
  '  busy the machine); rest CPU: the rest of the machine but the load generator (PostgreSQL and every other job);',
  '  all over the timed run, per request received.',
];

async function startServers(databaseUrl: string, node22: string): Promise<ServerProcess[]> {
  const env = { BENCH_DATABASE_URL: databaseUrl, BENCH_JWT_SECRET };
  // One at a time: PostGraphile's introspection and our schema build both want the 2 cores.
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServer({ name: 'ours', script: 'bench-server.js', query: OURS_DASHBOARD_QUERY, nodeFlags: serviceNodeFlags(), env }));
    servers.push(await startServer({
      name: 'postgraphile', script: 'peers/postgraphile-server.js', query: POSTGRAPHILE_DASHBOARD_QUERY, execPath: node22,
      env: { ...env, BENCH_PG_FROM: peerRequire.resolve('pg') }, // count the pg PostGraphile uses: bench/peers' own
    }));
    servers.push(await startServer({ name: 'raw', script: 'peers/raw-server.js', query: OURS_DASHBOARD_QUERY, env }));
    return servers;
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
}

async function main() {
  const node22 = node22Binary();
  installPeerPackages(node22);
  const database = await createFreshDatabase(ADMIN_URL, 'pm_vbp_peers');
  let servers: ServerProcess[] = [];
  try {
    const data = await loadData(database.url);
    process.stderr.write(`bench:peers: loaded ${data.programs} programs, ${data.measures} measures, ${data.payments} payments in ${data.ms} ms\n`);
    const tokens = await Promise.all(data.organizationIds.map((orgId) => signToken({ sub: 'bench', orgId, roles: ['staff'] }, BENCH_JWT_SECRET)));
    servers = await startServers(database.url, node22);
    await checkSameAnswers(servers, tokens, PROGRAMS_PER_ORGANIZATION);
    process.stderr.write(`bench:peers: the three answer the same for all ${tokens.length} organizations\n`);

    const loaded = servers.filter((s) => LOADED.includes(s.name)).map((server) => serverUnderLoad(server, tokens, settings));
    for (const one of loaded) {
      process.stderr.write(`bench:peers: warming up ${one.server.name} (${settings.warmUpSeconds} s)\n`);
      await one.warmUp();
    }
    for (let round = 0; round < settings.rounds; round++) {
      const order = loaded.map((_, i) => loaded[(i + round) % loaded.length]);
      process.stderr.write(`bench:peers: round ${round + 1} of ${settings.rounds}: ${order.map((one) => one.server.name).join(', ')} (${settings.seconds / settings.rounds} s each)\n`);
      for (const one of order) await one.timedRound();
    }
    const results = loaded.map((one) => one.result());
    const comparison = results.length === servers.length ? compare(results) : { ratios: undefined, targets: [] };
    const text = printReport(results, comparison, NOTES);
    const file = writeReport({
      date: new Date().toISOString(),
      data: { organizations: ORGANIZATIONS, programsPerOrganization: PROGRAMS_PER_ORGANIZATION, measuresPerProgram: MEASURES_PER_PROGRAM, paymentsPerProgram: PAYMENTS_PER_PROGRAM },
      load: { ...settings, tokens: 'round-robin over all organizations' },
      runtimes: { ours: process.version, raw: process.version, postgraphile: `v${NODE22_VERSION}` },
      results, ...comparison, notes: NOTES, text,
    });
    process.stderr.write(`bench:peers: written to ${file}\n`);
    if (results.some((r) => Object.values(r.failures).some(Boolean))) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:peers: ${(error as Error).stack}\n`);
  process.exit(1);
});
