import { postgresRestartChaos } from './chaos-postgres';
import { natsRestartChaos } from './chaos-nats';

/**
 * npm run test:chaos: the service (a process of `npm start`) under load while
 * what it depends on crashes, then every acknowledged write looked up.
 * Loopback only, bounded in time and requests. Two runs, one after the other:
 *   postgres  a mixed read/write load, the local PostgreSQL restarted (chaos-postgres.ts)
 *   nats      reconciliations with NATS_URL, a nats-server of its own killed and
 *             started again (chaos-nats.ts); needs /usr/sbin/nats-server
 * Options:
 *   --short          CI's version (12 s of load for postgres, 8 s for nats, instead of 30 s each)
 *   --only=<run>     one of the two (postgres or nats)
 * Exit 1 when a run finds a lost or repeated write or event, a request hung,
 * the service died or did not recover.
 */
const SHORT = process.argv.includes('--short');
const SECONDS = SHORT ? 12 : 30;
/** Enough for load before, during (3 s) and after the NATS outage; CI's whole chaos step stays near a minute. */
const NATS_SECONDS = SHORT ? 8 : 30;
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const RUNS = {
  postgres: { title: 'PostgreSQL restarted under load', run: () => postgresRestartChaos(ADMIN_URL, SECONDS) },
  nats: { title: 'NATS killed and restarted under reconciliations', run: () => natsRestartChaos(ADMIN_URL, NATS_SECONDS) },
};

async function main() {
  if (ONLY !== undefined && !(ONLY in RUNS)) throw new Error(`--only takes ${Object.keys(RUNS).join(' or ')}, not ${ONLY}`);
  const failed: string[] = [];
  for (const [name, { title, run }] of Object.entries(RUNS)) {
    if (ONLY !== undefined && ONLY !== name) continue;
    process.stdout.write(`== test:chaos ${name}: ${title}\n`);
    const started = Date.now();
    // A run that could not run (a missing nats-server, a service that never started) fails alone; the other still runs.
    const { report, summary, failures } = await run().catch((error: Error) => ({ report: undefined, summary: '', failures: [error.message] }));
    if (report) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`test:chaos ${name}: ${failures.length ? `FAILED: ${failures.join('; ')}` : 'ok'}${summary ? `: ${summary}` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    if (failures.length) failed.push(name);
  }
  if (failed.length) {
    process.stderr.write(`test:chaos: FAILED (${failed.join(', ')})\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`test:chaos: ${(error as Error).stack}\n`);
  process.exit(1);
});
