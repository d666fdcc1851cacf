import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { signToken } from '../src/platform/identity/token';
import { createFreshDatabase } from './fresh-database';
import { freePort } from './free-port';
import { serviceNodeFlags } from './service-flags';

/**
 * npm run test:chaos: a mixed read/write load on the service (a process of
 * `npm start`), the local PostgreSQL restarted in the middle, then every
 * acknowledged write looked up. Loopback only, bounded in time and requests.
 *   --short         CI's version (12 s instead of 30 s)
 * Exit 1 when an acknowledged write is missing, a request hung, the service
 * died or did not recover.
 */
const SHORT = process.argv.includes('--short');
const SECONDS = SHORT ? 12 : 30;
const WORKERS = 6;
const MAX_REQUESTS = 20_000;
/** A request that takes longer than this is a hang: the service must answer, if only with an error. */
const REQUEST_TIMEOUT_MS = 10_000;
/** After a busy test run, crash recovery replays a lot of WAL: CI has seen a 10 s restart. */
const RESTART_TIMEOUT_MS = 120_000;
/** The load goes on at least this long after PostgreSQL is back, so the recovery is seen. */
const LOAD_AFTER_RESTART_MS = 2_000;
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'chaos-secret-chaos-secret-chaos-secret';
const ORG = '00000000-0000-4000-8000-00000000c4a0';

function assertLoopback(url: string) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`test:chaos restarts PostgreSQL: it runs only against a loopback server, not ${host}`);
  }
}

/** The local cluster's restart: immediate mode, so open connections are cut as in a crash. Async: the load goes on meanwhile. */
async function restartPostgres() {
  const version = readdirSync('/etc/postgresql')[0];
  await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'immediate'], { timeout: RESTART_TIMEOUT_MS });
}

/** At most this many of the service's error log lines are kept for the report. */
const MAX_ERROR_LINES = 5;

async function startService(databaseUrl: string): Promise<{ url: string; child: ChildProcess; errorLines: string[] }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...serviceNodeFlags(), join(__dirname, '..', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: SECRET, PHI_ENCRYPTION_KEY: SECRET, LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The service's own error lines (pino level 50 and up: an unexpected error, which a client sees only
  // as a masked INTERNAL_SERVER_ERROR) say why; the report shows the first few.
  const errorLines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (errorLines.length < MAX_ERROR_LINES && /"level":(5|6)\d/.test(line)) errorLines.push(line.slice(0, 2000));
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('the service exited while starting');
    if (await fetch(`${url}/ready`).then((r) => r.ok, () => false)) return { url, child, errorLines };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the service did not become ready');
}

interface Tally {
  requests: number;
  acknowledged: string[];
  errors: Record<string, number>;
  /** Wall-clock times of successful and failed requests, to find the outage and the recovery. */
  successes: number[];
  failures: number[];
}

async function request(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function worker(id: number, url: string, token: string, until: { at: number }, tally: Tally) {
  for (let n = 0; Date.now() < until.at && tally.requests < MAX_REQUESTS; n++) {
    tally.requests++;
    const write = n % 2 === 0;
    try {
      const body = write
        ? await request(url, token, 'mutation ($name: String!) { createProgram(input: { name: $name, contractType: SHARED_SAVINGS, measurementPeriod: "CY2025" }) { id } }', { name: `chaos ${id}-${n}` })
        : await request(url, token, '{ programs(first: 5) { totalCount edges { node { id } } } }', {});
      if (body.errors?.length) {
        const code = body.errors[0].extensions?.code ?? 'UNKNOWN';
        tally.errors[code] = (tally.errors[code] ?? 0) + 1;
        tally.failures.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 50)); // a client backing off a retriable error
        continue;
      }
      if (write) tally.acknowledged.push(body.data.createProgram.id);
      tally.successes.push(Date.now());
    } catch (error) {
      const code = (error as Error).name === 'TimeoutError' ? 'HUNG' : 'NETWORK';
      tally.errors[code] = (tally.errors[code] ?? 0) + 1;
      tally.failures.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function main() {
  assertLoopback(ADMIN_URL);
  const database = await createFreshDatabase(ADMIN_URL, 'pm_vbp_chaos');
  const service = await startService(database.url);
  const token = await signToken({ sub: 'chaos', orgId: ORG, roles: ['org_admin'] }, SECRET);
  const tally: Tally = { requests: 0, acknowledged: [], errors: {}, successes: [], failures: [] };
  try {
    const started = Date.now();
    // No end while PostgreSQL restarts: a restart slower than the planned load must not stop the
    // workers before the recovery can be seen (CI once saw a 10 s restart end a 12 s load with none).
    const until = { at: Number.POSITIVE_INFINITY };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i, service.url, token, until, tally)));
    await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 3));
    const restartedAt = Date.now();
    try {
      await restartPostgres();
    } finally {
      until.at = Math.max(started + SECONDS * 1000, Date.now() + LOAD_AFTER_RESTART_MS);
    }
    const restartMs = Date.now() - restartedAt;
    await load;

    const backAt = restartedAt + restartMs;
    const firstSuccessAfter = tally.successes.find((t) => t > backAt);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const found = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pm_vbp_programs WHERE id = ANY($1::uuid[])', [tally.acknowledged]);
    const committed = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pm_vbp_programs');
    await client.end();

    const report = {
      seconds: SECONDS,
      workers: WORKERS,
      requests: tally.requests,
      acknowledgedWrites: tally.acknowledged.length,
      acknowledgedWritesFound: found.rows[0].n,
      committedWrites: committed.rows[0].n,
      errorsByCode: tally.errors,
      postgresRestartMs: restartMs,
      /** First to last failed request: how long clients saw the outage. */
      failingMs: tally.failures.length ? tally.failures[tally.failures.length - 1] - tally.failures[0] : 0,
      /** From PostgreSQL accepting connections again to the service's first success. */
      recoveryMs: firstSuccessAfter ? firstSuccessAfter - backAt : null,
      /** The first few error lines the service logged (why an INTERNAL_SERVER_ERROR happened). */
      serviceErrorLines: service.errorLines,
      /** Null while the service runs: it must outlive the restart (its stack trace is on stderr above). */
      serviceExitCode: service.child.exitCode ?? service.child.signalCode,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const failures = [
      report.acknowledgedWritesFound !== report.acknowledgedWrites && 'an acknowledged write is missing',
      tally.errors.HUNG && 'a request hung',
      report.serviceExitCode !== null && 'the service died',
      report.recoveryMs === null && 'no request succeeded after the restart',
    ].filter(Boolean);
    if (failures.length) {
      process.stderr.write(`test:chaos: FAILED: ${failures.join('; ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (service.child.exitCode === null && service.child.signalCode === null) {
      const exited = new Promise((resolve) => service.child.once('exit', resolve));
      service.child.kill('SIGTERM');
      await exited;
    }
    await database.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`test:chaos: ${(error as Error).stack}\n`);
  process.exit(1);
});
