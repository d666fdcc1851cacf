import { randomUUID } from 'node:crypto';
import { seedVbp } from '../../dev/seed';
import { tenantDb } from '../../src/platform/db/tenant';
import { startTestApp, type TestApp } from '../helpers/server';
import { tokenFor } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const PAGE = `{ programs(first: 50) { edges { node {
  id measures { id } summary { measureCount }
  incentiveTerms { maxIncentive qualityGate atRiskAmount measureWeights { measureId weight } }
  incentiveForecast { projectedIncentive potentialUpside qualityGateMet exceededWeightShare
    measures { measure { measureId performanceLevel } weight dollarsAtStake dollarsPerEvent } }
} } } }`;
const DASHBOARD = `{ vbpDashboard { programCount maxIncentiveTotal projectedIncentiveTotal potentialUpsideTotal potentialDownsideTotal
  opportunities(first: 100) { measure { measureId } dollarsPerEvent } } }`;

/** An organization with `programs` programs of 10 measures, each with terms weighing two of its measures. */
async function seeded(programs: number) {
  const orgId = randomUUID();
  const ids = await seedVbp(app.db.prisma, orgId, { programs, measuresPerProgram: 10, paymentsPerProgram: 2 });
  await tenantDb(app.db.prisma, orgId).run(async (tx) => {
    await tx.incentiveTerms.createMany({ data: ids.map((programId) => ({ organizationId: orgId, programId, maxIncentive: '1000.00', qualityGate: '0.5', atRiskAmount: '10.00' })) });
    await tx.measureWeight.createMany({
      data: ids.flatMap((programId) => [{ measureId: 'HEDIS_M00', weight: '2' }, { measureId: 'HEDIS_M01', weight: '1' }]
        .map((w) => ({ organizationId: orgId, programId, ...w }))),
    });
  }, { retries: 0 });
  return { token: await tokenFor(orgId, ['staff']), ids };
}

async function statementsOf(query: string, token: string) {
  app.db.statements.length = 0;
  const res = await app.gql(query, {}, token);
  expect(res.errors).toBeUndefined();
  return { count: app.db.statements.length, data: res.data };
}

it('the programs page with incentiveTerms and incentiveForecast sends as many statements for 50 programs as for 1', async () => {
  const counts: number[] = [];
  for (const n of [1, 20, 50]) {
    const { token } = await seeded(n);
    const { count, data } = await statementsOf(PAGE, token);
    const nodes = data.programs.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(n);
    expect(nodes.every((p: any) => p.incentiveTerms.measureWeights.length === 2 && p.incentiveForecast.measures.length === 10)).toBe(true);
    counts.push(count);
  }
  expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  // The tenant settings, the page (with measures, payments and terms), COMMIT: nothing added for the terms.
  expect(counts[0]).toBe(3);
});

it('the dashboard totals and opportunities send as many statements for 50 programs as for 1', async () => {
  const one = await seeded(1);
  const fifty = await seeded(50);
  const a = await statementsOf(DASHBOARD, one.token);
  const b = await statementsOf(DASHBOARD, fifty.token);
  expect(b.data.vbpDashboard.programCount).toBe(50);
  // The totals are the sums of the programs' own forecasts (read through the page, in cents).
  const page = (await app.gql(PAGE, {}, fifty.token)).data.programs.edges.map((e: any) => e.node.incentiveForecast);
  const cents = (x: string) => Number(x.replace('.', ''));
  const sum = (key: string) => (page.reduce((total: number, f: any) => total + cents(f[key]), 0) / 100).toFixed(2);
  expect(b.data.vbpDashboard.maxIncentiveTotal).toBe('50000.00');
  expect(b.data.vbpDashboard.projectedIncentiveTotal).toBe(sum('projectedIncentive'));
  expect(b.data.vbpDashboard.potentialUpsideTotal).toBe(sum('potentialUpside'));
  expect(b.data.vbpDashboard.opportunities.length).toBe(page.flatMap((f: any) => f.measures.filter((m: any) => m.dollarsPerEvent !== null)).length);
  expect(b.count).toBe(a.count);
});

it('program(id) reads its terms and measures for the forecast in one transaction', async () => {
  const { token, ids } = await seeded(1);
  const { count, data } = await statementsOf(`{ program(id: "${ids[0]}") { incentiveForecast { projectedIncentive } } }`, token);
  expect(data.program.incentiveForecast).not.toBeNull();
  // Settings, the program, COMMIT; then one transaction for both batches: settings, measures, terms, COMMIT.
  expect(count).toBe(7);
});
