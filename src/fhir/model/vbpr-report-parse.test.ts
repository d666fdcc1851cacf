import type { CalendarDate } from '../../domain/calendar-date';
import { performanceReport, qualityReport, searchset } from '../../../test/fhir/vbpr-ig';
import { readPayerReport } from './vbpr-report-parse';

const program = (start: string, end: string) =>
  ({ measureUrl: 'https://pm.example.test/fhir/Measure/vbp-program-1', period: { start: start as CalendarDate, end: end as CalendarDate } });

describe('readPayerReport: quality reports off the program’s period (contract v2)', () => {
  const withPeriod = (period: unknown) => {
    const quality = { ...qualityReport('32'), period };
    if (period === undefined) delete quality.period;
    return searchset([performanceReport(104), quality]);
  };
  it.each([
    { case: 'the same dates', period: { start: '2022-01-01', end: '2022-08-31' }, warning: null },
    { case: 'the same dates as dateTimes', period: { start: '2022-01-01T00:00:00-05:00', end: '2022-08-31T23:59:59Z' }, warning: null },
    { case: 'another end', period: { start: '2022-01-01', end: '2022-11-30' },
      warning: 'Quality report quality-measurereport32 covers 2022-01-01..2022-11-30, the program 2022-01-01..2022-08-31' },
    { case: 'another start', period: { start: '2021-12-31', end: '2022-08-31' },
      warning: 'Quality report quality-measurereport32 covers 2021-12-31..2022-08-31, the program 2022-01-01..2022-08-31' },
    { case: 'no period', period: undefined,
      warning: 'Quality report quality-measurereport32 has no period with start and end dates; it is compared without one' },
    { case: 'a month only', period: { start: '2022-01', end: '2022-08' },
      warning: 'Quality report quality-measurereport32 has no period with start and end dates; it is compared without one' },
  ])('$case', ({ period, warning }) => {
    const { warnings, measures } = readPayerReport(withPeriod(period), program('2022-01-01', '2022-08-31'));
    expect(measures).toHaveLength(1);
    expect(warnings.filter((w) => w.startsWith('Quality report'))).toEqual(warning ? [warning] : []);
  });

  it('no program period, no such warning', () => {
    const { warnings } = readPayerReport(withPeriod({ start: '2020-01-01', end: '2020-12-31' }), { ...program('x', 'y'), period: null });
    expect(warnings.filter((w) => w.startsWith('Quality report'))).toEqual([]);
  });
});

describe('readPayerReport: the IG’s searchset of every Performance report', () => {
  const all = () => searchset([101, 102, 103, 104].map(performanceReport));
  it.each([
    ['2022-01-01', '2022-12-31', 'vbp-measurereport101'],
    ['2022-10-01', '2022-12-31', 'vbp-measurereport102'],
    ['2020-01-01', '2021-03-31', 'vbp-measurereport103'],
    ['2022-01-01', '2022-08-31', 'vbp-measurereport104'],
  ])('a program on %s..%s reads %s', (start, end, reportId) => {
    expect(readPayerReport(all(), program(start, end)).reportId).toBe(reportId);
  });

  it('a quality report claiming the quality profile is no Performance report, even with evaluated resources', () => {
    // On the program's period too, so were it a candidate, neither could be chosen.
    const quality = { ...qualityReport('32'), evaluatedResource: [{ reference: 'Patient/p1' }] };
    const read = readPayerReport(searchset([performanceReport(104), quality]), program('2022-01-01', '2022-08-31'));
    expect(read.reportId).toBe('vbp-measurereport104');
    expect(read.measures.map((m) => m.canonical)).toEqual([quality.measure]);
  });
});
