import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { everything, expectedRows, IG_COMPARE, IG_SETS, igProgram, type IgSet, periodWarning, setBundle } from './vbpr-ig';

/**
 * Contract, "Round trip with the IG's own reports (version 2)": the IG's
 * published examples are accepted as they are, each set against a program
 * built to match it: every measure, the earned incentive and the warnings.
 */
let app: TestApp;
let org: Awaited<ReturnType<typeof newOrg>>;
const programs: Partial<Record<keyof typeof IG_SETS, string>> = {};
beforeAll(async () => {
  app = await startTestApp();
  org = await newOrg();
  for (const key of Object.keys(IG_SETS) as (keyof typeof IG_SETS)[]) programs[key] = (await igProgram(app, org.admin, IG_SETS[key])).id;
});
afterAll(async () => { await app.close(); });

const compare = async (key: keyof typeof IG_SETS, report: unknown) => {
  const res = await app.gql(IG_COMPARE, { programId: programs[key], report }, org.staff);
  expect(res.errors).toBeUndefined();
  return res.data.vbprComparison;
};
const header = (set: IgSet) => ({ reportId: `vbp-measurereport${set.report}`, reporter: 'ABC Payer', periodStart: set.periodStart, periodEnd: set.periodEnd });

describe('the IG’s example sets, each as published (a collection Bundle)', () => {
  it('104 with 30–33: four measures by canonical (with, without, another version) and by code, Money 500, three quality reports off the period', async () => {
    const set = IG_SETS[104];
    expect(await compare('104', setBundle(set))).toEqual({
      ...header(set), measures: expectedRows(set),
      payerEarnedIncentive: '500.00', earnedTotal: '500.00', earnedDifference: '0.00',
      warnings: [
        'Quality report quality-measurereport30 covers 2022-01-01..2022-11-30, the program 2022-01-01..2022-08-31',
        periodWarning('31', set),
        periodWarning('33', set),
      ],
    });
  });

  it('101 with 01–09: stratified (strata ignored), calculated counts, the earned incentive a plain measureScore of 11900', async () => {
    const set = IG_SETS[101];
    expect(await compare('101', setBundle(set))).toEqual({
      ...header(set), measures: expectedRows(set),
      payerEarnedIncentive: '11900.00', earnedTotal: '11900.00', earnedDifference: '0.00',
      warnings: ['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((q) => periodWarning(q, set)),
    });
  });

  it('102 with 11–15: every measure agrees; no earned incentive', async () => {
    const set = IG_SETS[102];
    expect(await compare('102', setBundle(set))).toEqual({
      ...header(set), measures: expectedRows(set),
      payerEarnedIncentive: null, earnedTotal: '1000.00', earnedDifference: null,
      warnings: ['Bundle.entry[0].resource has no earned-incentive total'],
    });
  });

  it('103 with 20–25: no group, 20–21 off the period, 23–25 repeat 22’s canonical and are compared no further', async () => {
    const set = IG_SETS[103];
    const at = (i: number) => `Bundle.entry[${i}].resource.group[0]`;
    expect(await compare('103', setBundle(set))).toEqual({
      ...header(set), measures: expectedRows(set),
      payerEarnedIncentive: null, earnedTotal: '0.00', earnedDifference: null,
      warnings: [
        periodWarning('20', set),
        periodWarning('21', set),
        'Bundle.entry[0].resource has no earned-incentive total',
        `Measure measure-diabetes-HbA1c is reported twice (${at(3)}, ${at(4)}); the first is compared`,
        `Measure measure-diabetes-HbA1c is reported twice (${at(3)}, ${at(5)}); the first is compared`,
        `Measure measure-diabetes-HbA1c is reported twice (${at(3)}, ${at(6)}); the first is compared`,
      ],
    });
  });

  it('a transaction Bundle of the same resources reads the same', async () => {
    const set = IG_SETS[104];
    const comparison = await compare('104', setBundle(set, 'transaction'));
    expect(comparison).toMatchObject({ reportId: 'vbp-measurereport104', payerEarnedIncentive: '500.00', earnedDifference: '0.00' });
    expect(comparison.measures).toEqual(expectedRows(set));
  });
});

describe('a searchset of every example (4 Performance reports, 28 quality reports): each program gets its own report', () => {
  it.each(['101', '102', '103', '104'] as const)('program for %s', async (key) => {
    const set = IG_SETS[key];
    const comparison = await compare(key, everything());
    expect(comparison).toMatchObject(header(set));
    expect(comparison.measures).toEqual(expectedRows(set));
    // The same warnings as alone, where a warning names no place in the Bundle.
    const alone = await compare(key, setBundle(set));
    const placeless = (ws: string[]) => ws.filter((w) => !w.includes('Bundle.entry'));
    expect(placeless(comparison.warnings)).toEqual(placeless(alone.warnings));
    expect(comparison.warnings.length).toBe(alone.warnings.length);
    expect(comparison.payerEarnedIncentive).toBe(alone.payerEarnedIncentive);
  });

  it('only the chosen report’s evaluatedResource is compared: the other sets’ quality reports are not', async () => {
    const comparison = await compare('102', everything());
    expect(comparison.measures.map((r: any) => r.payerCanonical)).toEqual(
      IG_SETS[102].measures.map((x) => expect.stringContaining(x.canonical!.split('|')[0])),
    );
    expect(comparison.warnings.filter((w: string) => w.startsWith('Unknown measure'))).toEqual([]);
  });
});
