import { addMeasure, archiveProgram, createProgram } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, type TestOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const SET = `mutation ($programId: ID!, $input: IncentiveTermsInput) { setIncentiveTerms(programId: $programId, input: $input) { id } }`;
const DASHBOARD = `query ($period: String, $first: Int) { vbpDashboard(measurementPeriod: $period) {
  maxIncentiveTotal projectedIncentiveTotal potentialUpsideTotal potentialDownsideTotal
  opportunities(first: $first) { measure { measureId program { name } } dollarsPerEvent dollarsAtStake eventsToBenchmark }
} }`;

/** A program with these measures ([measureId, numerator, denominator, benchmark]) and terms (null: none). */
async function program(org: TestOrg, name: string, measurementPeriod: string, measures: [string, number, number, number][], terms: object | null) {
  const created = await createProgram(app, org.admin, { name, measurementPeriod });
  for (const [measureId, numerator, denominator, benchmark] of measures) {
    await addMeasure(app, org.admin, created.id, { measureId, numerator, denominator, benchmark });
  }
  if (terms) expect((await app.gql(SET, { programId: created.id, input: terms }, org.admin)).errors).toBeUndefined();
  return created;
}

const dashboard = async (token: string, variables: Record<string, unknown> = {}) => {
  const res = await app.gql(DASHBOARD, variables, token);
  expect(res.errors).toBeUndefined();
  const d = res.data.vbpDashboard;
  return {
    totals: [d.maxIncentiveTotal, d.projectedIncentiveTotal, d.potentialUpsideTotal, d.potentialDownsideTotal],
    opportunities: d.opportunities.map((o: any) => [o.measure.program.name, o.measure.measureId, o.dollarsPerEvent, o.dollarsAtStake, o.eventsToBenchmark]),
  };
};

describe('vbpDashboard incentive totals and opportunities', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await newOrg();
    // The README example: 10000.00 over weights 3/2/1/1, gate 0.5 met: projected 5714.28, upside 4285.72.
    await program(org, 'P1 readme', 'CY2025', [['BCS', 150, 200, 0.7], ['CBP', 130, 200, 0.7], ['CDC', 45, 60, 0.75], ['COL', 50, 100, 0.53]], {
      maxIncentive: '10000.00', qualityGate: 0.5, atRiskAmount: '2500.00',
      measureWeights: [{ measureId: 'BCS', weight: 3 }, { measureId: 'CBP', weight: 2 }, { measureId: 'CDC', weight: 1 }, { measureId: 'COL', weight: 1 }],
    });
    // 150.00 each; half EXCEEDED misses the 0.9 gate: projected 0.00, upside 300.00, downside 120.00; A: 150.00 / 2 = 75.00.
    await program(org, 'P2 gate missed', 'CY2025', [['A', 0, 4, 0.5], ['B', 4, 4, 0.5]], { maxIncentive: '300.00', qualityGate: 0.9, atRiskAmount: '120.00' });
    // One measure, 1 event short: 476.19 per event, the same as COL's but less at stake.
    await program(org, 'P3 next year', '2026', [['X', 0, 1, 1]], { maxIncentive: '476.19' });
    // Neither an archived program's terms nor a program without terms count.
    const archived = await program(org, 'P4 archived', 'CY2025', [['Z', 0, 10, 1]], { maxIncentive: '99999.00', qualityGate: 1, atRiskAmount: '5.00' });
    await archiveProgram(app, org.admin, archived.id);
    await program(org, 'P5 no terms', 'CY2025', [['Y', 0, 10, 1]], null);
    // Nor another organization's.
    const other = await newOrg();
    await program(other, 'Other org', 'CY2025', [['Q', 0, 1, 1]], { maxIncentive: '123456.78', qualityGate: 1, atRiskAmount: '1.00' });
  });

  it('sums the non-archived programs with terms, and orders opportunities by dollarsPerEvent, then dollarsAtStake', async () => {
    expect(await dashboard(org.staff)).toEqual({
      // 10000.00 + 300.00 + 476.19; 5714.28 + 0 + 0; 4285.72 + 300.00 + 476.19; 0 + 120.00 + 0.
      totals: ['10776.19', '5714.28', '5061.91', '120.00'],
      opportunities: [
        ['P1 readme', 'COL', '476.19', '1428.57', 3],
        ['P3 next year', 'X', '476.19', '476.19', 1],
        ['P1 readme', 'CBP', '285.71', '2857.14', 10],
        ['P2 gate missed', 'A', '75.00', '150.00', 2],
      ],
    });
  });

  it('first cuts the list; measurementPeriod narrows totals and opportunities', async () => {
    expect((await dashboard(org.staff, { first: 2 })).opportunities.map((o: unknown[]) => o[1])).toEqual(['COL', 'X']);
    expect(await dashboard(org.staff, { period: '2026' })).toEqual({
      totals: ['476.19', '0.00', '476.19', '0.00'], opportunities: [['P3 next year', 'X', '476.19', '476.19', 1]],
    });
    expect(await dashboard(org.staff, { period: 'none' })).toEqual({ totals: ['0.00', '0.00', '0.00', '0.00'], opportunities: [] });
  });

  it('uses the default first of 10', async () => {
    const many = await newOrg();
    await program(many, 'Many', 'CY2025', Array.from({ length: 12 }, (_, i) => [`M${String(i).padStart(2, '0')}`, 0, 10, 1] as [string, number, number, number]),
      { maxIncentive: '1200.00' });
    const res = await app.gql('{ vbpDashboard { opportunities { measure { measureId } dollarsPerEvent } } }', {}, many.staff);
    // 100.00 at stake each, 10 events short: 10.00 per event, ties broken by measureId.
    expect(res.data.vbpDashboard.opportunities).toEqual(Array.from({ length: 10 }, (_, i) => ({
      measure: { measureId: `M${String(i).padStart(2, '0')}` }, dollarsPerEvent: '10.00',
    })));
  });

  it.each([0, 101, -1])('first %p is BAD_USER_INPUT on first', async (first) => {
    const res = await app.gql(DASHBOARD, { first }, org.staff);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('first');
  });
});
