import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { startWorkers } from '../src/app/workers';
import { postgresEventBus } from '../src/platform/events/bus';
import { createLogger } from '../src/platform/log';
import { startBenchApp } from './bench-app';
import { table, writeResults } from './results';

/**
 * npm run bench (CL ingestion): 10,000 cl_quality_measure_period_calculated
 * events (distinct measures and periods, so every one is stored), once through
 * `ingestQualityMeasurePeriod` (10 callers at a time) and once published on
 * the cl_events channel in one go, timed until the inbox holds them all.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CALLERS = 10;

/** Event i: measure HEDIS_M<i mod 100> of year 1900 + i div 100, so no two share a key and each is stored. */
const events = (orgId: string) => Array.from({ length: EVENTS }, (_, i) => {
  const year = 1900 + Math.floor(i / 100);
  return JSON.stringify({
    event_type: 'cl_quality_measure_period_calculated', organization_id: orgId, timestamp: new Date(Date.now() - 60_000).toISOString(),
    correlation_id: randomUUID(), measure_id: `HEDIS_M${i % 100}`, period_start: `${year}-01-01`, period_end: `${year}-12-31`,
    denominator_count: 100 + (i % 50), numerator_count: i % 100, metadata: { source_system: 'BENCH' },
  });
});

async function main() {
  const app = await startBenchApp();
  const log = createLogger('silent');
  const workers = await startWorkers(app.db, log, postgresEventBus(app.db));
  const rows = [];
  try {
    // Through the mutation.
    const viaGraphql = randomUUID();
    const token = await app.token(viaGraphql, ['service'], ['pm.quality.ingest']);
    const payloads = events(viaGraphql);
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CALLERS }, async () => {
      while (next < payloads.length) {
        const payload = payloads[next++];
        const response = await fetch(app.url, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: 'mutation ($p: String!) { ingestQualityMeasurePeriod(input: { payload: $p }) { measureId } }', variables: { p: payload } }),
        });
        const body = await response.text();
        if (body.includes('"errors"')) throw new Error(body.slice(0, 300));
      }
    }));
    rows.push(row('mutation (10 callers)', performance.now() - started));

    // Through the channel: one statement publishes them all; done when the inbox has every one.
    const viaChannel = randomUUID();
    const published = performance.now();
    await app.db.withSession((session) => session.query("SELECT pg_notify('cl_events', p) FROM unnest($1::text[]) AS p", [events(viaChannel)]));
    for (;;) {
      const [{ n }] = await app.db.withSession((session) => session.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pm_inbox WHERE organization_id = $1::uuid', [viaChannel]));
      if (n >= EVENTS) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    rows.push(row('cl_events channel', performance.now() - published));
  } finally {
    await workers.stop();
    await app.stop();
  }
  process.stdout.write(`CL ingestion (${app.db.kind}, ${EVENTS} events)\n${table(rows)}\n`);
  process.stdout.write(`written: ${writeResults('ingestion', { database: app.db.kind, events: EVENTS, rows })}\n`);
}

const row = (path: string, ms: number) => ({ path, 'total s': (ms / 1000).toFixed(1), 'events/s': Math.round(EVENTS / (ms / 1000)), 'ms/event': (ms / EVENTS).toFixed(2) });

main().catch((error) => {
  process.stderr.write(`ingestion bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
