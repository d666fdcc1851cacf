import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addMeasure, createProgram, recordPayment } from '../helpers/factories';
import type { TestApp } from '../helpers/server';

/** The Da Vinci VBPR IG's own examples, compiled from its FSH (test/fixtures/vbpr-ig/SOURCE.md). */
const DIR = join(__dirname, '..', 'fixtures', 'vbpr-ig');
const read = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
export const performanceReport = (n: number) => read(`MeasureReport-vbp-measurereport${n}.json`);
export const qualityReport = (nn: string) => read(`MeasureReport-quality-measurereport${nn}.json`);
export const payerOrganization = () => read('Organization-vbp-payer01.json');

export const IG_COMPARE = `query ($programId: ID!, $report: JSONObject!) { vbprComparison(programId: $programId, report: $report) {
  reportId reporter periodStart periodEnd
  measures { measureId measure { measureId canonical } payerCanonical payerNumerator payerDenominator payerRate numerator denominator rate rateDifference agrees }
  payerEarnedIncentive earnedTotal earnedDifference warnings } }`;

/** One of our measures for a quality report of the IG, with the rates worked out by hand (ours: half-up to 4 decimals). */
interface IgMeasure {
  quality: string; measureId: string; canonical?: string; numerator: number; denominator: number; payerRate: number; rate: number; rateDifference: number;
}

export interface IgSet {
  report: number;
  qualities: string[];
  periodStart: string;
  periodEnd: string;
  /** Our earned payments, summing to the report's earned incentive when it has one. */
  payments: string[];
  measures: IgMeasure[];
  /** Ours with no report on them (the IG's 23–25 carry 22's canonical though their titles name other measures). */
  ourOnly?: { measureId: string; numerator: number; denominator: number; rate: number }[];
}

const EXM = 'http://hl7.org/fhir/us/cqfmeasures/Measure';
const EX = 'http://example.org/Measure';
const m = (quality: string, measureId: string, canonical: string | undefined, [numerator, denominator]: [number, number],
  payerRate: number, rate: number, rateDifference: number): IgMeasure => ({ quality, measureId, canonical, numerator, denominator, payerRate, rate, rateDifference });

/** The contract's example sets (README, "Round trip with the IG's own reports"): each Performance report and its quality reports. */
export const IG_SETS: Record<'101' | '102' | '103' | '104', IgSet> = {
  // Stratified; quality reports cover Jan–Nov, the report the whole year; earned incentive a plain measureScore.
  101: {
    report: 101, qualities: ['01', '02', '03', '04', '05', '06', '07', '08', '09'], periodStart: '2022-01-01', periodEnd: '2022-12-31',
    payments: ['6000.00', '5900.00'],
    measures: [
      m('01', 'BCS', `${EXM}/EXM125-FHIR|8.0.000`, [200, 580], 0.345, 0.3448, 0.0002),
      m('02', 'COL', `${EXM}/EXM130-FHIR|8.0.000`, [180, 520], 0.356, 0.3462, 0.0098),
      m('03', 'HBD', `${EX}/measure-diabetes-care-blood-sugar-controlled-FHIR|1.0.000`, [260, 1080], 0.241, 0.2407, 0.0003),
      m('04', 'EED', `${EX}/measure-diabetes-care-eye-exam-FHIR|1.0.000`, [200, 420], 0.476, 0.4762, -0.0002),
      m('05', 'ADH-STATIN', `${EX}/measure-med-adherence-cholesterol-statins-FHIR|1.0.000`, [120, 500], 0.24, 0.24, 0),
      m('06', 'ADH-RAS', `${EX}/measure-med-adherence-hypertension-FHIR|1.0.000`, [100, 380], 0.263, 0.2632, -0.0002),
      m('07', 'ADH-DIAB', `${EX}/measure-med-adherence-diabetes-meds-FHIR|1.0.000`, [240, 380], 0.632, 0.6316, 0.0004),
      m('08', 'SPC', `${EX}/measure-statin-therapy-cardiovascular-disease-FHIR|1.0.000`, [260, 640], 0.406, 0.4063, -0.0003),
      m('09', 'SUPD', `${EX}/measure-statin-use-diabetes-supd-FHIR|1.0.000`, [220, 386], 0.57, 0.5699, 0.0001),
    ],
  },
  // No earned-incentive group. Canonicals stored without a version still match (before `|`).
  102: {
    report: 102, qualities: ['11', '12', '13', '14', '15'], periodStart: '2022-10-01', periodEnd: '2022-12-31', payments: ['1000.00'],
    measures: [
      m('11', 'BCS', `${EXM}/EXM125-FHIR`, [400, 400], 1, 1, 0),
      m('12', 'COL', `${EXM}/EXM130-FHIR`, [750, 800], 0.94, 0.9375, 0.0025),
      m('13', 'DRE', `${EX}/measure-diabetes-retinopathy-FHIR|1.0.000`, [620, 800], 0.78, 0.775, 0.005),
      m('14', 'HBA1C-POOR', `${EX}/measure-diabetes-A1c-FHIR|1.0.000`, [250, 500], 0.5, 0.5, 0),
      m('15', 'NEPH', `${EX}/measure-diabetes-nephropathy-FHIR`, [450, 600], 0.75, 0.75, 0),
    ],
  },
  // No group at all; 20–21 cover 2022-Q4, the report 2020-01..2021-03; 22–25 share one canonical.
  103: {
    report: 103, qualities: ['20', '21', '22', '23', '24', '25'], periodStart: '2020-01-01', periodEnd: '2021-03-31', payments: [],
    measures: [
      m('20', 'BCS', `${EXM}/EXM125-FHIR|8.0.000`, [30, 40], 0.75, 0.75, 0),
      m('21', 'COL', `${EXM}/EXM130-FHIR|8.0.000`, [56, 109], 0.514, 0.5138, 0.0002),
      m('22', 'HBA1C', `${EX}/measure-diabetes-HbA1c|1.0.000`, [11, 24], 0.458, 0.4583, -0.0003),
    ],
    ourOnly: [
      { measureId: 'CBP', numerator: 27, denominator: 49, rate: 0.551 },
      { measureId: 'PCR', numerator: 1, denominator: 6, rate: 0.1667 },
    ],
  },
  // Quality reports 30, 31 and 33 cover Jan–Nov, the report Jan–Aug. EED has no canonical: matched by the canonical's last segment.
  104: {
    report: 104, qualities: ['30', '31', '32', '33'], periodStart: '2022-01-01', periodEnd: '2022-08-31', payments: ['400.00', '100.00'],
    measures: [
      m('30', 'BCS', `${EXM}/EXM125-FHIR|8.0.000`, [22, 32], 0.69, 0.6875, 0.0025),
      m('31', 'COL', `${EXM}/EXM130-FHIR`, [62, 82], 0.76, 0.7561, 0.0039),
      m('32', 'HBD', `${EX}/measure-diabetes-care-blood-sugar-controlled-FHIR|2.0.000`, [7, 12], 0.58, 0.5833, -0.0033),
      m('33', 'measure-diabetes-care-eye-exam-FHIR', undefined, [7, 12], 0.58, 0.5833, -0.0033),
    ],
  },
};

const entry = (resource: any) => ({ fullUrl: `http://example.org/fhir/${resource.resourceType}/${resource.id}`, resource });

/** A set as the IG publishes it: the Performance report first, then its quality reports, then the payer. */
export const setBundle = (set: IgSet, type = 'collection') => ({
  resourceType: 'Bundle', type,
  entry: [performanceReport(set.report), ...set.qualities.map(qualityReport), payerOrganization()].map(entry),
});

/** A payer's search result (`MeasureReport?...`): the resources as matches, in the order given. */
export const searchset = (resources: any[]) => ({
  resourceType: 'Bundle', type: 'searchset', total: resources.length,
  entry: resources.map((r) => ({ ...entry(r), search: { mode: 'match' } })),
});

/** Every example report of the IG (four Performance, 28 quality) and the payer, as one searchset. */
export const everything = () => searchset([
  ...[101, 102, 103, 104].map(performanceReport),
  ...Object.values(IG_SETS).flatMap((s) => s.qualities.map(qualityReport)),
  payerOrganization(),
]);

/** A program built to match a set: its period, measures with the same counts (and canonicals), payments summing to the earned incentive. */
export async function igProgram(app: TestApp, token: string, set: IgSet) {
  const program = await createProgram(app, token, {
    name: `VBPR example ${set.report}`, payerId: 'vbp-payer01', measurementPeriod: `IG-${set.report}`, periodStart: set.periodStart, periodEnd: set.periodEnd,
  });
  const ours = [...set.measures, ...(set.ourOnly ?? [])];
  for (const { measureId, numerator, denominator, ...rest } of ours) {
    const canonical = 'canonical' in rest ? rest.canonical : undefined;
    await addMeasure(app, token, program.id, { measureId, measureName: `Measure ${measureId}`, numerator, denominator, benchmark: 0.75, ...(canonical ? { canonical } : {}) });
  }
  for (const earnedAmount of set.payments) await recordPayment(app, token, program.id, { earnedAmount, paidAmount: '0.00' });
  return program;
}

const byteOrder = (a: { measureId: string }, b: { measureId: string }) => Buffer.compare(Buffer.from(a.measureId), Buffer.from(b.measureId));

/** Every row the comparison must give for a set: each matched measure agreeing on its counts, ours alone with payer fields null. */
export const expectedRows = (set: IgSet) => [
  ...set.measures.map((x) => ({
    measureId: x.measureId, measure: { measureId: x.measureId, canonical: x.canonical ?? null }, payerCanonical: qualityReport(x.quality).measure,
    payerNumerator: x.numerator, payerDenominator: x.denominator, payerRate: x.payerRate,
    numerator: x.numerator, denominator: x.denominator, rate: x.rate, rateDifference: x.rateDifference, agrees: true,
  })),
  ...(set.ourOnly ?? []).map((x) => ({
    measureId: x.measureId, measure: { measureId: x.measureId, canonical: null }, payerCanonical: null,
    payerNumerator: null, payerDenominator: null, payerRate: null,
    numerator: x.numerator, denominator: x.denominator, rate: x.rate, rateDifference: null, agrees: false,
  })),
].sort(byteOrder);

/** The warning for a quality report whose period is not the program's (contract v2). */
export const periodWarning = (quality: string, set: IgSet) => {
  const { start, end } = qualityReport(quality).period;
  return `Quality report quality-measurereport${quality} covers ${start}..${end}, the program ${set.periodStart}..${set.periodEnd}`;
};

