import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { signToken } from '../src/platform/identity/token';
import { createFreshDatabase } from './fresh-database';
import { assertLoopback, CHAOS_SECRET, type ChaosRun, exitOf, request, sleep, startService, thrownCode } from './chaos-service';

/**
 * test:chaos, PostgreSQL: a mixed read/write load on the service, the local
 * PostgreSQL restarted a third of the way in, then every acknowledged write
 * looked up. Fails when an acknowledged write is missing, a request hung, the
 * service died or did not recover.
 */
const WORKERS = 6;
const MAX_REQUESTS = 20_000;
/** After a busy test run, crash recovery replays a lot of WAL: CI has seen a 10 s restart. */
const RESTART_TIMEOUT_MS = 120_000;
/** The load goes on at least this long after PostgreSQL is back, so the recovery is seen. */
const LOAD_AFTER_RESTART_MS = 2_000;
const ORG = '00000000-0000-4000-8000-00000000c4a0';

/** The local cluster's restart: immediate mode, so open connections are cut as in a crash. Async: the load goes on meanwhile. */
async function restartPostgres() {
  const version = readdirSync('/etc/postgresql')[0];
  await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'immediate'], { timeout: RESTART_TIMEOUT_MS });
}

interface Tally {
  requests: number;
  acknowledged: string[];
  errors: Record<string, number>;
  /** Wall-clock times of successful and failed requests, to find the outage and the recovery. */
  successes: number[];
  failures: number[];
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
        await sleep(50); // a client backing off a retriable error
        continue;
      }
      if (write) tally.acknowledged.push(body.data.createProgram.id);
      tally.successes.push(Date.now());
    } catch (error) {
      const code = thrownCode(error);
      tally.errors[code] = (tally.errors[code] ?? 0) + 1;
      tally.failures.push(Date.now());
      await sleep(50);
    }
  }
}

export async function postgresRestartChaos(adminUrl: string, seconds: number): Promise<ChaosRun> {
  assertLoopback(adminUrl, 'PostgreSQL');
  const database = await createFreshDatabase(adminUrl, 'pm_vbp_chaos');
  try {
    const service = await startService(database.url);
    try {
      const token = await signToken({ sub: 'chaos', orgId: ORG, roles: ['org_admin'] }, CHAOS_SECRET);
      const tally: Tally = { requests: 0, acknowledged: [], errors: {}, successes: [], failures: [] };
      const started = Date.now();
      // No end while PostgreSQL restarts: a restart slower than the planned load must not stop the
      // workers before the recovery can be seen (CI once saw a 10 s restart end a 12 s load with none).
      const until = { at: Number.POSITIVE_INFINITY };
      const load = Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i, service.url, token, until, tally)));
      await sleep((seconds * 1000) / 3);
      const restartedAt = Date.now();
      try {
        await restartPostgres();
      } finally {
        until.at = Math.max(started + seconds * 1000, Date.now() + LOAD_AFTER_RESTART_MS);
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
        seconds,
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
        serviceExitCode: exitOf(service),
      };
      const failures = [
        report.acknowledgedWritesFound !== report.acknowledgedWrites && 'an acknowledged write is missing',
        tally.errors.HUNG && 'a request hung',
        report.serviceExitCode !== null && 'the service died',
        report.recoveryMs === null && 'no request succeeded after the restart',
      ].filter((f): f is string => typeof f === 'string');
      const summary = `${report.acknowledgedWrites} acknowledged writes, ${report.acknowledgedWritesFound} found; `
        + `PostgreSQL restart ${report.postgresRestartMs} ms, first success ${report.recoveryMs} ms after it`;
      return { report, summary, failures };
    } finally {
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}
