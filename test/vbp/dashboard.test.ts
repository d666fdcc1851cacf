import { addMeasure, archiveProgram, createProgram, recordPayment } from '../helpers/factories';
import { codes } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, DASHBOARD, DASHBOARD_DEFAULT_FIRST, DELETE, EMPTY_TOTALS, RECORD, UPDATE, VALID, app, dashboard, newProgram, paymentsOf, readPayment, summaryOf } from '../helpers/vbp-payments';

bootApp();

describe('vbpDashboard', () => {
  /** Two live programs, one archived, and another organization with figures of its own. */
  async function seed() {
    const org = await newOrg();
    const cy = await createProgram(app, org.admin, { name: 'A active', measurementPeriod: 'CY2025' });
    await addMeasure(app, org.admin, cy.id, { measureId: 'MET', numerator: 55, denominator: 100, benchmark: 0.55 });
    await addMeasure(app, org.admin, cy.id, { measureId: 'GAP45', numerator: 10, denominator: 100, benchmark: 0.55 });
    await recordPayment(app, org.admin, cy.id, { earnedAmount: '100.10', paidAmount: '50.05' });
    const q1 = await createProgram(app, org.admin, { name: 'B suspended', measurementPeriod: '2025-Q1', status: 'SUSPENDED' });
    await addMeasure(app, org.admin, q1.id, { measureId: 'GAP1', numerator: 6, denominator: 100, benchmark: 0.07 });
    await recordPayment(app, org.admin, q1.id, { earnedAmount: '0.20', paidAmount: '0.30' });
    const archived = await createProgram(app, org.admin, { name: 'C archived', measurementPeriod: 'CY2025' });
    await addMeasure(app, org.admin, archived.id, { measureId: 'ARCHIVED', numerator: 0, denominator: 100, benchmark: 0.9 });
    await recordPayment(app, org.admin, archived.id, { earnedAmount: '1000.00', paidAmount: '0.00' });
    await archiveProgram(app, org.admin, archived.id);
    const other = await newOrg();
    const foreign = await createProgram(app, other.admin, { measurementPeriod: 'CY2025' });
    await addMeasure(app, other.admin, foreign.id, { measureId: 'FOREIGN', numerator: 0, denominator: 100, benchmark: 0.8 });
    await recordPayment(app, other.admin, foreign.id, { earnedAmount: '7.00', paidAmount: '0.00' });
    return { org, cy, q1 };
  }

  it("covers only the organization's non-archived programs", async () => {
    const { org, cy, q1 } = await seed();
    expect(await dashboard(org.admin)).toEqual({
      programCount: 2, activeProgramCount: 1, measureCount: 3, exceededCount: 1, notMetCount: 2,
      earnedTotal: '100.30', paidTotal: '50.35', outstandingTotal: '49.95',
      gaps: [
        { measureId: 'GAP45', gapToBenchmark: 45, performanceLevel: 'NOT_MET', program: { id: cy.id } },
        { measureId: 'GAP1', gapToBenchmark: 1, performanceLevel: 'NOT_MET', program: { id: q1.id } },
      ],
    });
  });

  it.each([
    { period: 'CY2025', expected: { programCount: 1, activeProgramCount: 1, measureCount: 2, exceededCount: 1, notMetCount: 1, earnedTotal: '100.10', paidTotal: '50.05', outstandingTotal: '50.05' }, gaps: ['GAP45'] },
    { period: '2025-Q1', expected: { programCount: 1, activeProgramCount: 0, measureCount: 1, exceededCount: 0, notMetCount: 1, earnedTotal: '0.20', paidTotal: '0.30', outstandingTotal: '-0.10' }, gaps: ['GAP1'] },
    { period: '2025-q1', expected: { programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS }, gaps: [] },
    { period: 'CY2024', expected: { programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS }, gaps: [] },
  ])('measurementPeriod $period restricts it to programs of exactly that period', async ({ period, expected, gaps }) => {
    const { org } = await seed();
    const got = await dashboard(org.admin, { period });
    expect(got).toMatchObject(expected);
    expect(got.gaps.map((g: { measureId: string }) => g.measureId)).toEqual(gaps);
  });

  it.each([
    { rule: 'an empty measurementPeriod', period: '' },
    { rule: 'a blank measurementPeriod', period: '   ' },
  ])('$rule is given, so it matches no program (not the whole organization)', async ({ period }) => {
    const { org } = await seed();
    expect(await dashboard(org.admin, { period })).toEqual({
      programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS, gaps: [],
    });
  });

  it('is all zeros for an organization without programs, whatever other organizations hold', async () => {
    await seed();
    const empty = await newOrg();
    expect(await dashboard(empty.staff)).toEqual({
      programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS, gaps: [],
    });
  });

  describe('gaps', () => {
    async function withGaps(gaps: number[]) {
      const org = await newOrg();
      const program = await createProgram(app, org.admin);
      for (const [i, gap] of gaps.entries()) {
        await addMeasure(app, org.admin, program.id, { measureId: `M${i}`, numerator: 100 - gap, denominator: 100, benchmark: 1 });
      }
      return org;
    }

    it('are the NOT_MET measures, largest gapToBenchmark first', async () => {
      const org = await withGaps([3, 0, 40, 1, 17]);
      const { gaps } = await dashboard(org.admin);
      expect(gaps.map((g: { gapToBenchmark: number }) => g.gapToBenchmark)).toEqual([40, 17, 3, 1]);
    });

    it.each([1, 2, 100])('first: %i returns at most that many', async (first) => {
      const org = await withGaps([3, 40, 17]);
      const { gaps } = await dashboard(org.admin, { first });
      expect(gaps.map((g: { gapToBenchmark: number }) => g.gapToBenchmark)).toEqual([40, 17, 3].slice(0, first));
    });

    it('defaults to the first 20', async () => {
      const org = await withGaps(Array.from({ length: 21 }, (_, i) => i + 1));
      const res = await app.gql(DASHBOARD_DEFAULT_FIRST, {}, org.admin);
      expect(res.data.vbpDashboard.gaps).toHaveLength(20);
      expect(res.data.vbpDashboard.gaps[0].measureId).toBe('M20');
    });

    it.each([0, -1, 101])('first: %i is BAD_USER_INPUT on first', async (first) => {
      const org = await newOrg();
      const res = await app.gql(DASHBOARD, { first }, org.admin);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('first');
    });
  });
});

describe('permissions', () => {
  it('staff read payments, summaries and the dashboard', async () => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id);
    expect(await readPayment(org.staff, p.id)).toMatchObject({ id: p.id, variance: '-250.00' });
    expect(await summaryOf(org.staff, program.id)).toMatchObject({ earnedTotal: '1000.00', outstandingTotal: '250.00' });
    expect(await dashboard(org.staff)).toMatchObject({ programCount: 1, earnedTotal: '1000.00' });
  });

  it.each(['staff', 'siteAdmin', 'service'] as const)('%s payment mutations are FORBIDDEN and store nothing', async (role) => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id);
    const before = await readPayment(org.admin, p.id);
    const token = org[role];
    expectRefused(await app.gql(RECORD, { programId: program.id, input: VALID }, token), 'FORBIDDEN');
    expectRefused(await app.gql(UPDATE, { id: p.id, input: { paidAmount: '0' } }, token), 'FORBIDDEN');
    expectRefused(await app.gql(DELETE, { id: p.id }, token), 'FORBIDDEN');
    expect(await readPayment(org.admin, p.id)).toEqual(before);
    expect((await paymentsOf(org.admin, program.id)).map((x) => x.id)).toEqual([p.id]);
  });

  it('a token without pm.vbp.view cannot read the dashboard', async () => {
    const org = await newOrg();
    expect(codes(await app.gql(DASHBOARD, {}, org.service))).toEqual(['FORBIDDEN']);
  });
});
