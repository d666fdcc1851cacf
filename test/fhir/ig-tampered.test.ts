import { createProgram } from '../helpers/factories';
import { codes, TEST_PUBLIC_BASE_URL, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import {
  expectedRows, IG_COMPARE, IG_SETS, igProgram, payerOrganization, performanceReport, periodWarning, qualityReport, searchset, setBundle,
} from './vbpr-ig';

/**
 * The IG's examples changed as a payer's real reports differ from them: other
 * periods, Quantity earned incentives in other units, several Performance
 * reports in one search result, references that do not resolve.
 */
let app: TestApp;
let org: Awaited<ReturnType<typeof newOrg>>;
const programs: Partial<Record<keyof typeof IG_SETS, string>> = {};
beforeAll(async () => {
  app = await startTestApp();
  org = await newOrg();
  for (const key of ['101', '104'] as const) programs[key] = (await igProgram(app, org.admin, IG_SETS[key])).id;
});
afterAll(async () => { await app.close(); });

const run = (programId: string, report: unknown) => app.gql(IG_COMPARE, { programId, report }, org.staff);
const compare = async (programId: string, report: unknown) => {
  const res = await run(programId, report);
  expect(res.errors).toBeUndefined();
  return res.data.vbprComparison;
};
const set104 = IG_SETS[104];
/** The set's Bundle with its Performance report (entry 0) and quality reports changed in place. */
const tampered104 = (change: (performance: any, qualities: any[]) => void) => {
  const bundle = setBundle(set104);
  const resources = bundle.entry.map((e: any) => e.resource);
  change(resources[0], resources.slice(1, 5));
  return bundle;
};
const earnedGroup = (report: any) => report.group.find((g: any) => g.code.coding[0].code === 'earned-incentive');

describe('other periods', () => {
  it('a report on another period is still compared, with the report’s period and a warning for it and each quality report', async () => {
    const bundle = tampered104((performance, qualities) => {
      performance.period = { start: '2022-01-01', end: '2022-11-30' };
      qualities[1].period = { start: '2022-01-01T00:00:00Z', end: '2022-08-31T23:59:59Z' }; // 31: the program's dates as dateTimes
      delete qualities[3].period; // 33
    });
    const comparison = await compare(programs[104]!, bundle);
    expect(comparison).toMatchObject({ periodStart: '2022-01-01', periodEnd: '2022-11-30', payerEarnedIncentive: '500.00' });
    expect(comparison.measures).toEqual(expectedRows(set104));
    expect(comparison.warnings).toEqual([
      periodWarning('30', set104),
      'Quality report quality-measurereport33 has no period with start and end dates; it is compared without one',
      'The report covers 2022-01-01..2022-11-30, the program 2022-01-01..2022-08-31',
    ]);
  });
});

describe('the earned incentive as a Quantity (contract v2)', () => {
  const with101Score = (measureScore: unknown) => {
    const bundle = setBundle(IG_SETS[101]);
    earnedGroup(bundle.entry[0].resource).measureScore = measureScore;
    return bundle;
  };
  it.each([
    { unit: 'no unit (as published)', score: { value: 11900 }, earned: '11900.00', difference: '0.00' },
    { unit: 'unit USD', score: { value: 11900.5, unit: 'USD' }, earned: '11900.50', difference: '0.50' },
    { unit: 'unit $', score: { value: 11899, unit: '$' }, earned: '11899.00', difference: '-1.00' },
    { unit: 'ISO 4217 code USD', score: { value: 0.1, code: 'USD', system: 'urn:iso:std:iso:4217' }, earned: '0.10', difference: '-11899.90' },
  ])('$unit is money', async ({ score, earned, difference }) => {
    const comparison = await compare(programs[101]!, with101Score(score));
    expect(comparison).toMatchObject({ payerEarnedIncentive: earned, earnedTotal: '11900.00', earnedDifference: difference });
    expect(comparison.warnings.filter((w: string) => w.includes('earned-incentive'))).toEqual([]);
  });

  it.each([
    { unit: '%', score: { value: 80, code: '%', system: 'http://unitsofmeasure.org' }, shown: '"%"' },
    { unit: 'EUR', score: { value: 11900, code: 'EUR', system: 'urn:iso:std:iso:4217' }, shown: '"EUR"' },
    { unit: 'a count', score: { value: 11900, unit: 'members' }, shown: '"members"' },
  ])('a Quantity in $unit is a warning and no earned incentive', async ({ score, shown }) => {
    const bundle = with101Score(score);
    const index = bundle.entry[0].resource.group.indexOf(earnedGroup(bundle.entry[0].resource));
    const comparison = await compare(programs[101]!, bundle);
    expect(comparison).toMatchObject({ payerEarnedIncentive: null, earnedTotal: '11900.00', earnedDifference: null });
    expect(comparison.measures).toEqual(expectedRows(IG_SETS[101]));
    expect(comparison.warnings.filter((w: string) => w.includes('earned-incentive'))).toEqual([
      `Bundle.entry[0].resource.group[${index}] (earned-incentive) is a Quantity in ${shown}, not money; it is not compared`,
      'Bundle.entry[0].resource has no earned-incentive total',
    ]);
  });

  it('Money wins over a plain value beside it', async () => {
    const bundle = tampered104((performance) => { earnedGroup(performance).measureScore.value = 9999; });
    expect(await compare(programs[104]!, bundle)).toMatchObject({ payerEarnedIncentive: '500.00', earnedDifference: '0.00' });
  });
});

describe('several Performance reports in one searchset', () => {
  const qualities104 = () => set104.qualities.map(qualityReport);
  const restated = (fields: Record<string, unknown>) => ({ ...performanceReport(104), id: 'vbp-measurereport104-restated', ...fields });

  it('the one whose measure is the program’s VBP Measure url is compared, though another covers the same period', async () => {
    const url = `${TEST_PUBLIC_BASE_URL}/fhir/Measure/vbp-program-${programs[104]}`;
    const ours = restated({ measure: `${url}|2026-01-01T00:00:00.000Z` });
    earnedGroup(ours).measureScore.extension[0].valueMoney.value = 400;
    for (const report of [[performanceReport(104), ours], [ours, performanceReport(104)]]) {
      const comparison = await compare(programs[104]!, searchset([...report, ...qualities104(), payerOrganization()]));
      expect(comparison).toMatchObject({ reportId: 'vbp-measurereport104-restated', payerEarnedIncentive: '400.00', earnedDifference: '-100.00' });
      expect(comparison.measures).toEqual(expectedRows(set104));
    }
  });

  it('else the only one on the program’s period', async () => {
    const other = restated({ period: { start: '2022-01-01', end: '2022-12-31' } });
    const comparison = await compare(programs[104]!, searchset([other, performanceReport(104), ...qualities104()]));
    expect(comparison).toMatchObject({ reportId: 'vbp-measurereport104', periodEnd: '2022-08-31' });
  });

  it.each([
    { case: 'two on the program’s period', reports: () => [performanceReport(104), restated({})], names: 'vbp-measurereport104, vbp-measurereport104-restated',
      why: "none has measure .* and 2 cover the program's period 2022-01-01..2022-08-31" },
    { case: 'none on the program’s period', reports: () => [performanceReport(101), performanceReport(102), performanceReport(103)],
      names: 'vbp-measurereport101, vbp-measurereport102, vbp-measurereport103', why: "none has measure .* and none cover the program's period 2022-01-01..2022-08-31" },
  ])('BAD_USER_INPUT on report naming the candidates: $case', async ({ reports, names, why }) => {
    const res = await run(programs[104]!, searchset([...reports(), ...qualities104()]));
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('report');
    expect(res.errors![0].message).toMatch(new RegExp(`^report: Bundle\\.entry holds \\d VBP Performance MeasureReports and none can be chosen \\(${why}\\); candidates: ${names}$`));
  });

  it('a program without a period cannot choose by it, but compares a lone report', async () => {
    const custom = await createProgram(app, org.admin, { measurementPeriod: 'Custom' });
    const res = await run(custom.id, searchset([performanceReport(104), restated({}), ...qualities104()]));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/the program has no period to choose by\); candidates: vbp-measurereport104, vbp-measurereport104-restated$/);
    const lone = await compare(custom.id, setBundle(set104));
    expect(lone).toMatchObject({ reportId: 'vbp-measurereport104', periodStart: '2022-01-01', periodEnd: '2022-08-31' });
    expect(lone.warnings.filter((w: string) => w.startsWith('Quality report'))).toEqual([]); // no program period to differ from
  });
});

describe('the chosen report’s quality reports', () => {
  it('without evaluatedResource: every other MeasureReport of the Bundle', async () => {
    const comparison = await compare(programs[104]!, tampered104((performance) => { delete performance.evaluatedResource; }));
    expect(comparison.measures).toEqual(expectedRows(set104));
  });

  it('listed by absolute url or with a version resolve; one missing from the Bundle is a warning and its measure has no payer side', async () => {
    const bundle = tampered104((performance) => {
      performance.evaluatedResource[0].reference = 'https://payer.example/fhir/MeasureReport/quality-measurereport30';
      performance.evaluatedResource[1].reference = 'MeasureReport/quality-measurereport31/_history/2';
    });
    bundle.entry.splice(4, 1); // quality report 33
    const comparison = await compare(programs[104]!, bundle);
    const eed = comparison.measures.find((r: any) => r.measureId === 'measure-diabetes-care-eye-exam-FHIR');
    expect(eed).toMatchObject({ payerNumerator: null, payerCanonical: null, numerator: 7, agrees: false });
    expect(comparison.measures.filter((r: any) => r.agrees).map((r: any) => r.measureId)).toEqual(['BCS', 'COL', 'HBD']);
    expect(comparison.warnings[0]).toBe('Bundle.entry[0].resource.evaluatedResource[3] refers to MeasureReport/quality-measurereport33, which is not in the Bundle');
  });

  it('a changed count shows that measure alone as disagreeing', async () => {
    const bundle = tampered104((_, qualities) => { qualities[0].group[0].population.find((p: any) => p.code.coding[0].code === 'numerator').count = 21; });
    const rows = (await compare(programs[104]!, bundle)).measures;
    expect(rows.filter((r: any) => !r.agrees).map((r: any) => [r.measureId, r.payerNumerator, r.numerator])).toEqual([['BCS', 21, 22]]);
  });
});
