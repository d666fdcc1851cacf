import { seedDemoData } from '../../src/app/demo-seed';
import { loadConfig } from '../../src/platform/config/config';
import { DEMO_ORG_ID } from '../../src/platform/identity/dev-token';
import { createLogger } from '../../src/platform/log';
import { startTestApp, TEST_PHI_KEY, type TestApp } from '../helpers/server';
import { tokenFor } from '../helpers/tokens';

/**
 * A first start in development fills the demo organization; restarts,
 * SEED_DEMO=false and production do not. seedDemoData is the step createApp
 * runs after migrating, so calling it is starting the app as far as data goes.
 */
let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp();
  token = await tokenFor(DEMO_ORG_ID, ['org_admin']);
});
afterAll(async () => { await app.close(); });

const log = createLogger('silent');
const start = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), PHI_ENCRYPTION_KEY: TEST_PHI_KEY, ...env });
  return seedDemoData(app.db, { production: config.production, enabled: config.seedDemo, phiKey: TEST_PHI_KEY, log });
};

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

it('a first start in development seeds a realistic demo; a second start seeds nothing more', async () => {
  expect(await start({})).toBe(true);
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

  // Restarting finds programs in the demo organization and leaves everything as it was.
  expect(await start({})).toBe(false);
  expect(await demoData()).toEqual(seeded);
});
