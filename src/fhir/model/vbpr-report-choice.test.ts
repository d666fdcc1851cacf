import type { CalendarDate } from '../../domain/calendar-date';
import type { JsonObject } from './fhir-json';
import { choosePerformanceReport, datesOf, type LocatedReport, qualityReportsOf, reportName, resolverOf } from './vbpr-report-choice';

const URL = 'https://pm.example.test/fhir/Measure/vbp-program-1';
const CY2022 = { start: '2022-01-01' as CalendarDate, end: '2022-12-31' as CalendarDate };

const perf = (id: string, measure: string | undefined, start: string, end: string, i = 0): LocatedReport =>
  ({ mr: { resourceType: 'MeasureReport', id, ...(measure ? { measure } : {}), period: { start, end } }, path: `Bundle.entry[${i}].resource` });

describe('choosePerformanceReport', () => {
  const ig = 'https://build.fhir.org/ig/HL7/davinci-vbpr/Measure-vbp-measure02';
  it.each([
    { case: 'a lone report, whatever its measure and period', reports: [perf('a', ig, '2020-01-01', '2020-03-31')], chosen: 'a' },
    { case: 'the one on the program’s url', reports: [perf('a', ig, '2022-01-01', '2022-12-31'), perf('b', URL, '2020-01-01', '2020-12-31')], chosen: 'b' },
    { case: 'the url with a |version', reports: [perf('a', `${URL}|2026-01-01T00:00:00.000Z`, '2020-01-01', '2020-12-31'), perf('b', ig, '2022-01-01', '2022-12-31')], chosen: 'a' },
    { case: 'no url: the only one on the period', reports: [perf('a', ig, '2022-01-01', '2022-08-31'), perf('b', ig, '2022-01-01', '2022-12-31')], chosen: 'b' },
    { case: 'a dateTime period counts by its dates', reports: [perf('a', ig, '2022-01-01T00:00:00Z', '2022-12-31T23:59:59-05:00'), perf('b', ig, '2021-01-01', '2021-12-31')], chosen: 'a' },
    { case: 'two on the url: the period decides', reports: [perf('a', URL, '2022-01-01', '2022-06-30'), perf('b', URL, '2022-01-01', '2022-12-31'), perf('c', ig, '2022-01-01', '2022-12-31')], chosen: 'b' },
    { case: 'a url only up to the |', reports: [perf('a', `${URL}0`, '2022-01-01', '2022-12-31'), perf('b', URL.toUpperCase(), '2021-01-01', '2021-12-31')], chosen: 'a' },
  ])('$case', ({ reports, chosen }) => {
    expect(choosePerformanceReport(reports, { measureUrl: URL, period: CY2022 }).mr.id).toBe(chosen);
  });

  it.each([
    { case: 'two on the period, no url', reports: [perf('a', ig, '2022-01-01', '2022-12-31'), perf('b', undefined, '2022-01-01', '2022-12-31', 1), perf('c', ig, '2021-01-01', '2021-12-31', 2)],
      period: CY2022, message: /none has measure .*vbp-program-1 and 2 cover the program's period 2022-01-01\.\.2022-12-31\); candidates: a, b$/ },
    { case: 'none on the period', reports: [perf('a', ig, '2021-01-01', '2021-12-31'), perf('b', ig, '2020-01-01', '2020-12-31')],
      period: CY2022, message: /and none cover the program's period .*; candidates: a, b$/ },
    { case: 'two on the url and the period', reports: [perf('a', URL, '2022-01-01', '2022-12-31'), perf('b', URL, '2022-01-01', '2022-12-31'), perf('c', ig, '2022-01-01', '2022-12-31')],
      period: CY2022, message: /\(2 have measure .* and 2 cover .*\); candidates: a, b$/ },
    { case: 'a program without a period', reports: [perf('a', ig, '2022-01-01', '2022-12-31'), perf('b', ig, '2022-01-01', '2022-12-31')],
      period: null, message: /the program has no period to choose by\); candidates: a, b$/ },
    { case: 'an id that is no FHIR id is named by its place', reports: [perf('a b', ig, '2022-01-01', '2022-12-31', 3), perf('', ig, '2022-01-01', '2022-12-31', 4)],
      period: CY2022, message: /candidates: Bundle\.entry\[3\]\.resource, Bundle\.entry\[4\]\.resource$/ },
  ])('BAD_USER_INPUT on report naming the candidates: $case', ({ reports, period, message }) => {
    let error: any;
    try { choosePerformanceReport(reports, { measureUrl: URL, period }); } catch (e) { error = e; }
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'report' });
    expect(error.message).toMatch(/^report: Bundle\.entry holds \d VBP Performance MeasureReports and none can be chosen/);
    expect(error.message).toMatch(message);
  });
});

describe('datesOf', () => {
  it.each([
    [{ start: '2022-01-01', end: '2022-12-31' }, { start: '2022-01-01', end: '2022-12-31' }],
    [{ start: '2022-01-01T10:00:00+02:00', end: '2022-12-31T00:00:00Z' }, { start: '2022-01-01', end: '2022-12-31' }],
    [{ start: '2022-01', end: '2022-12-31' }, null], // month precision is no date
    [{ start: '2022-02-30', end: '2022-12-31' }, null],
    [{ end: '2022-12-31' }, null],
    [undefined, null],
    ['2022', null],
  ])('%j → %j', (period, expected) => expect(datesOf(period)).toEqual(expected));
});

describe('resolverOf', () => {
  const q1: JsonObject = { resourceType: 'MeasureReport', id: 'q1' };
  const q2: JsonObject = { resourceType: 'MeasureReport', id: 'q2' };
  const resolve = resolverOf(new Map([['MeasureReport/q1', q1], ['urn:uuid:2', q2], ['MeasureReport/q2', q2]]));
  it.each([
    ['MeasureReport/q1', q1], ['urn:uuid:2', q2], ['https://payer.example/fhir/MeasureReport/q1', q1],
    ['https://payer.example/fhir/MeasureReport/q2/_history/3', q2], ['MeasureReport/q3', undefined], ['q1', undefined], ['Patient/q1', undefined],
  ])('%s', (reference, expected) => expect(resolve(reference)).toBe(expected));
});

describe('qualityReportsOf', () => {
  const report = (id: string, i: number, fields: JsonObject = {}): LocatedReport =>
    ({ mr: { resourceType: 'MeasureReport', id, ...fields }, path: `Bundle.entry[${i}].resource` });
  const [q1, q2, q3] = [report('q1', 0), report('q2', 1), report('q3', 2)];
  const other = report('p2', 3, { evaluatedResource: [{ reference: 'MeasureReport/q3' }] });
  const resolveIn = (reports: LocatedReport[]) => resolverOf(new Map(reports.map((r) => [`MeasureReport/${r.mr.id}`, r.mr])));

  it.each([
    { case: 'those listed, in their order, once each', listed: ['MeasureReport/q2', 'MeasureReport/q1', 'MeasureReport/q2'], expected: ['q2', 'q1'], warnings: [] },
    { case: 'none listed: every other report but the Performance ones', listed: [], expected: ['q1', 'q2', 'q3'], warnings: [] },
    { case: 'a listed report missing from the Bundle is a warning', listed: ['MeasureReport/q1', 'MeasureReport/gone'], expected: ['q1'],
      warnings: ['Bundle.entry[4].resource.evaluatedResource[1] refers to MeasureReport/gone, which is not in the Bundle'] },
    { case: 'only missing ones: no quality report', listed: ['MeasureReport/gone'], expected: [],
      warnings: ['Bundle.entry[4].resource.evaluatedResource[0] refers to MeasureReport/gone, which is not in the Bundle'] },
  ])('$case', ({ listed, expected, warnings }) => {
    const chosen = report('p1', 4, listed.length ? { evaluatedResource: listed.map((reference) => ({ reference })) } : {});
    const all = [q1, q2, q3, other, chosen];
    const found: string[] = [];
    const picked = qualityReportsOf(chosen, all, [other, chosen], resolveIn(all), found);
    expect(picked.map((r) => r.mr.id)).toEqual(expected);
    expect(found).toEqual(warnings);
  });
});

describe('reportName', () => {
  it.each([
    ['vbp-measurereport104', 'vbp-measurereport104'], ['a.b-C9', 'a.b-C9'], ['with space', 'Bundle.entry[2].resource'],
    ['x'.repeat(65), 'Bundle.entry[2].resource'], [42, 'Bundle.entry[2].resource'], [undefined, 'Bundle.entry[2].resource'],
  ])('%s → %s', (id, name) => expect(reportName({ mr: { id }, path: 'Bundle.entry[2].resource' })).toBe(name));
});
