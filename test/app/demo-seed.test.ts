import { seedDemoData } from '../../src/app/demo-seed';
import { loadConfig } from '../../src/platform/config/config';
import { DEMO_ORG_ID } from '../../src/platform/identity/dev-token';
import { createLogger } from '../../src/platform/log';
import { startTestApp, TEST_PHI_KEY, type TestApp } from '../helpers/server';
import { tokenFor } from '../helpers/tokens';

/**
 * A first start in development fills the demo organization; restarts,
 * SEED_DEMO=false and production do not; a failure midway keeps nothing.
 * seedDemoData is the step createApp runs after migrating, so calling it is
 * starting the app as far as data goes.
 */
let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp();
  token = await tokenFor(DEMO_ORG_ID, ['org_admin']);
});
afterAll(async () => { await app.close(); });

const logLines: string[] = [];
const log = createLogger('info', { write: (line: string) => void logLines.push(line) });
const start = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), PHI_ENCRYPTION_KEY: TEST_PHI_KEY, ...env });
  return seedDemoData(app.db, { production: config.production, enabled: config.seedDemo, phiKey: TEST_PHI_KEY, log });
};

/** The demo organization's rows in every table a module's seed writes, read past row-level security. */
const TABLES = ['pm_vbp_programs', 'pm_vbp_measures', 'pm_vbp_incentive_payments', 'pm_capitation_contracts', 'pm_capitation_roster_events',
  'pm_capitation_periods', 'pm_capitation_reconciliations', 'pm_outbox', 'pm_quality_measure_results', 'pm_inbox'];
const demoRows = () => app.db.withSession(async (session) => Object.fromEntries(await Promise.all(TABLES.map(async (table) => {
  const [{ n }] = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE organization_id = $1`, [DEMO_ORG_ID]);
  return [table, n];
}))));
const NOTHING = Object.fromEntries(TABLES.map((table) => [table, 0]));

/**
 * On PGlite a seed is one long chain of promises (the database runs in this
 * thread), so the server's keep-alive timer of the test's idle connection
 * could not fire meanwhile: let it, or the next request races its closing.
 */
const serverTimersRun = () => new Promise((resolve) => setTimeout(resolve, 50));

const EVERYTHING = `{
  programs(first: 100) { totalCount edges { node { contractType status measures { measureId source numerator denominator lastSyncedAt performanceLevel } incentivePayments { status } } } }
  vbpDashboard(measurementPeriod: "CY2025") { programCount measureCount exceededCount notMetCount earnedTotal paidTotal outstandingTotal }
  capitationContracts(first: 10) { totalCount edges { node { name rosterEvents(first: 1) { totalCount } periods { status reconciliations { id } } } } }
  qualityMeasureResults(periodStart: "2024-01-01", periodEnd: "2025-12-31") { measureId numeratorCount }
}`;
async function demoData() {
  const res = await app.gql(EVERYTHING, {}, token);
  expect(res.errors).toBeUndefined();
  return res.data;
}

// In this order on one database: the refusals must leave the demo organization empty for the real start.
it('SEED_DEMO=false seeds nothing', async () => {
  expect(await start({ SEED_DEMO: 'false' })).toBe(false);
  expect((await demoData()).programs.totalCount).toBe(0);
});

it('production seeds nothing, even with SEED_DEMO=true', async () => {
  expect(await start({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toBe(false);
  expect(await seedDemoData(app.db, { production: true, enabled: true, phiKey: TEST_PHI_KEY, log })).toBe(false);
  expect((await demoData()).capitationContracts.totalCount).toBe(0);
});

it('a failure midway keeps nothing of the demo (one transaction) and says so; the next start seeds it (below)', async () => {
  // The last module's seed (quality, after vbp and capitation wrote theirs) fails in the database.
  await app.db.withSession((session) => session.exec(`
    CREATE FUNCTION test_refuse_demo_result() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
    CREATE TRIGGER test_refuse_demo_result BEFORE INSERT ON pm_quality_measure_results FOR EACH ROW EXECUTE FUNCTION test_refuse_demo_result();`));
  try {
    expect(await start({})).toBe(false);
  } finally {
    await app.db.withSession((session) => session.exec('DROP TRIGGER test_refuse_demo_result ON pm_quality_measure_results; DROP FUNCTION test_refuse_demo_result();'));
  }
  expect(await demoRows()).toEqual(NOTHING);
  expect(logLines.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({
    level: 50, msg: 'demo data not seeded; nothing of it was kept and the next start tries again',
  }));
});

it('a first start in development seeds a realistic demo, once even when two instances start at once; a second start seeds nothing more', async () => {
  expect((await Promise.all([start({}), start({})])).sort()).toEqual([false, true]);
  await serverTimersRun();
  const seeded = await demoData();

  const programs = seeded.programs.edges.map((e: any) => e.node);
  expect(seeded.programs.totalCount).toBe(11);
  for (const type of ['SHARED_SAVINGS', 'QUALITY_BONUS', 'CAPITATION', 'BUNDLED_PAYMENT', 'OTHER']) {
    expect(programs.filter((p: any) => p.contractType === type).length).toBeGreaterThanOrEqual(2);
  }
  const measures = programs.flatMap((p: any) => p.measures);
  expect(measures.some((m: any) => m.performanceLevel === 'EXCEEDED')).toBe(true);
  expect(measures.some((m: any) => m.performanceLevel === 'NOT_MET')).toBe(true);
  // CL's seeded results reached the CLINICAL measures through the one ingest path.
  const clinical = measures.filter((m: any) => m.source === 'CLINICAL');
  expect(clinical.length).toBeGreaterThan(0);
  for (const m of clinical) expect(m.lastSyncedAt).not.toBeNull();
  expect(new Set(programs.flatMap((p: any) => p.incentivePayments.map((x: any) => x.status)))).toEqual(new Set(['PAID', 'ADJUSTED', 'PENDING']));
  expect(seeded.vbpDashboard.programCount).toBe(10);
  expect(Number(seeded.vbpDashboard.outstandingTotal)).toBeGreaterThan(0);

  expect(seeded.capitationContracts.totalCount).toBe(1);
  const contract = seeded.capitationContracts.edges[0].node;
  expect(contract.rosterEvents.totalCount).toBe(30);
  expect(contract.periods).toHaveLength(6);
  expect(contract.periods.filter((p: any) => p.reconciliations.length === 1)).toHaveLength(3);
  expect(seeded.qualityMeasureResults).toHaveLength(8);

  const rows = await demoRows();
  expect(rows.pm_vbp_programs).toBe(11);

  // Restarting finds programs in the demo organization and leaves everything as it was.
  expect(await start({})).toBe(false);
  expect(await demoData()).toEqual(seeded);
  expect(await demoRows()).toEqual(rows);
});
