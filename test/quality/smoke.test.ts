import { postgresEventBus } from '../../src/platform/events/bus';
import { clEvent, INGEST } from '../helpers/cl-events';
import { addMeasure, createProgram } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';
import { startClListener } from '../../src/quality/cl-listener';
import { createLogger } from '../../src/platform/log';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

it('ingests through the mutation and through cl_events, and syncs CLINICAL measures', async () => {
  const org = await newOrg();
  const publisher = await tokenFor(org.orgId, ['service'], ['pm.quality.ingest']);
  const program = await createProgram(app, org.admin, { measurementPeriod: 'CY2025' });
  const clinical = await addMeasure(app, org.admin, program.id, { measureId: 'amm', source: 'CLINICAL', numerator: 1, denominator: 2 });
  const manual = await addMeasure(app, org.admin, program.id, { measureId: 'HEDIS_AMM', numerator: 1, denominator: 2 });
  const res = await app.gql(INGEST, { payload: JSON.stringify(clEvent(org.orgId)) }, publisher);
  expect(res.errors).toBeUndefined();
  expect(res.data.ingestQualityMeasurePeriod).toMatchObject({ measureId: 'HEDIS_AMM', rate: 0.75, sourceSystem: 'EPIC', calculatedAt: '2026-01-05T10:00:00.000Z' });
  const m = await app.gql('query($a: ID!, $b: ID!) { a: measure(id: $a) { numerator denominator lastSyncedAt } b: measure(id: $b) { numerator denominator lastSyncedAt } }', { a: clinical.id, b: manual.id }, org.admin);
  expect(m.data.a).toMatchObject({ numerator: 90, denominator: 120 });
  expect(m.data.a.lastSyncedAt).not.toBeNull();
  expect(m.data.b).toEqual({ numerator: 1, denominator: 2, lastSyncedAt: null });

  const bad = await app.gql(INGEST, { payload: JSON.stringify(clEvent(org.orgId, { metadata: { patient_count: 3 } })) }, publisher);
  expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  expect(bad.errors![0].message).toBe("Metadata validation failed: disallowed key 'patient_count'");

  const listener = await startClListener({ db: app.db, log: createLogger('silent'), bus: postgresEventBus(app.db) });
  try {
    const newer = clEvent(org.orgId, { timestamp: '2026-02-01T00:00:00Z', numerator_count: 100 });
    await app.db.withSession((s) => s.query('SELECT pg_notify($1, $2)', ['cl_events', JSON.stringify(newer)]));
    for (let i = 0; i < 100; i++) {
      const r = await app.gql('{ qualityMeasureResults(periodStart: "2025-01-01", periodEnd: "2025-12-31") { numeratorCount } }', {}, org.staff);
      if (r.data?.qualityMeasureResults?.[0]?.numeratorCount === 100) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = await app.gql('{ qualityMeasureResults(periodStart: "2025-01-01", periodEnd: "2025-12-31") { numeratorCount rate } }', {}, org.staff);
    expect(after.data.qualityMeasureResults).toEqual([{ numeratorCount: 100, rate: 0.8333 }]);
  } finally {
    await listener.stop();
  }
});

// The reconnect exists for a real server connection; PGlite's channel lives inside the process.
if (process.env.TEST_DATABASE_URL) {
  it('the cl_events listener reconnects by itself after its connection is killed', async () => {
    const org = await newOrg();
    const logLines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void logLines.push(line) });
    const listener = await startClListener({ db: app.db, log, bus: postgresEventBus(app.db) });
    const listeningBackends = () => app.db.withSession((s) => s.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN cl_events'"));
    const waitFor = async (what: () => Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await what()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    try {
      await waitFor(async () => (await listeningBackends()).length === 1);
      const [before] = await listeningBackends();
      await app.db.withSession((s) => s.query('SELECT pg_terminate_backend($1)', [before.pid]));
      await waitFor(async () => (await listeningBackends()).some((b) => b.pid !== before.pid));
      expect((await listeningBackends()).map((b) => b.pid)).not.toContain(before.pid);

      await app.db.withSession((s) => s.query('SELECT pg_notify($1, $2)', ['cl_events', JSON.stringify(clEvent(org.orgId, { measure_id: 'CBP' }))]));
      const stored = async () => {
        const r = await app.gql('{ qualityMeasureResults(periodStart: "2025-01-01", periodEnd: "2025-12-31") { measureId } }', {}, org.staff);
        return r.data?.qualityMeasureResults?.length === 1;
      };
      await waitFor(stored);
      expect(await stored()).toBe(true);
      expect(logLines.map((l) => JSON.parse(l)).some((l) => l.msg === 'listener lost its connection; reconnecting' && l.channel === 'cl_events')).toBe(true);
    } finally {
      await listener.stop();
    }
  });
}
