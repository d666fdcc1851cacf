import type { Extension, MeasureReport, MeasureReportGroup, Money, Quantity, Reference } from 'fhir/r4';
import Decimal from 'decimal.js';
import type { CalendarDate } from '../../domain/calendar-date';
import { type DecimalText, type ExactMoney as Amount, formatMoney } from '../../domain/money';
import { withDecimalText } from './fhir-decimal-json';
import { paymentStreamExtension, qualityMeasureCanonical } from './vbpr-program-measure';
import { CS, EARNED_INCENTIVE, EXT, INCENTIVE_METRICS, type localUrls, PROFILE } from './vbpr-urls';
import { gapToBenchmarkOf, rateOf, type ContractType, type MeasureRow } from '../../vbp';

type Local = ReturnType<typeof localUrls>;

export interface ReportCommon {
  period: { start: CalendarDate; end: CalendarDate };
  /** `pending` while the period is open, `complete` after (reference b.1: our convention, not the IG's). */
  status: MeasureReport['status'];
  date: string;
  reporter: Reference;
  local: Local;
}

/**
 * STU1 1.0.0 requires it on both reports; 1.1.0 only on the performance report, where it stays harmless.
 * Built fresh each time, like every node here: no two places of a Bundle (or of two Bundles) share an object.
 */
const vbpCategory = (): Extension => ({
  url: EXT.category,
  valueCodeableConcept: { coding: [{ system: CS.category, code: 'vbp' }] },
});

const population = (code: 'denominator' | 'numerator', count: number) => ({
  code: { coding: [{ system: CS.measurePopulation, code }] },
  count,
});

/**
 * A JSON number from an exact decimal string, as the very last step: FHIR
 * JSON writes decimals as numbers, and every value here has at most 4
 * decimals and far fewer than 15 significant digits, so the number's shortest
 * form (what JSON.stringify prints) reads back as the same decimal.
 */
const jsonNumber = (exact: Decimal) => Number(exact.toString());

/**
 * One VBP Quality MeasureReport (a DEQM summary report) per measure: no
 * subject (DEQM 0..0), a versioned measure canonical (deqm-0), full-date
 * period (deqm-1), proportion scoring with improvementNotation (deqm-2),
 * score = the contract's rate, the benchmark as a threshold with a local type
 * and the measure's gapToBenchmark as its gapToThreshold.
 */
export function qualityReport(measure: MeasureRow, common: ReportCommon): MeasureReport {
  return {
    resourceType: 'MeasureReport',
    id: `vbp-quality-${measure.id}`,
    meta: { profile: [PROFILE.qualityReport] },
    extension: [
      vbpCategory(),
      { url: EXT.measureScoring, valueCodeableConcept: { coding: [{ system: CS.measureScoring, code: 'proportion' }] } },
      {
        url: EXT.threshold,
        extension: [
          { url: 'threshold', valueDecimal: jsonNumber(new Decimal(measure.benchmark.toString())) },
          { url: 'type', valueCodeableConcept: { coding: [{ system: common.local.thresholdType, code: 'contract-target', display: 'Contract target' }] } },
          // Numerator events still needed, as the IG's examples count them (quality report 30: 3 and 5).
          { url: 'gapToThreshold', valueDecimal: gapToBenchmarkOf(measure) },
        ],
      },
    ],
    status: common.status,
    type: 'summary',
    measure: qualityMeasureCanonical(measure, common.period.start.slice(0, 4), common.local),
    date: common.date,
    reporter: { ...common.reporter },
    period: { start: common.period.start, end: common.period.end },
    improvementNotation: { coding: [{ system: CS.improvementNotation, code: 'increase' }] },
    group: [{
      // The comparison matches a payer's report by this code first.
      code: { coding: [{ system: common.local.measureCode, code: measure.measureId, display: measure.measureName }], text: measure.measureName },
      population: [population('denominator', measure.denominator), population('numerator', measure.numerator)],
      measureScore: { value: rateOf(measure) },
    }],
  };
}

/**
 * Money in USD from an exact amount: a JSON number for readers of the object,
 * its 2-dp text for writeFhirJson (`1000.40` stays `1000.40` on REST).
 */
export function usd(amount: Amount): Money {
  // Exact for amounts below 10^13 (15 significant digits); the contract bounds each payment below 10^12.
  return withDecimalText({ value: 0, currency: 'USD' }, { value: formatMoney(amount) });
}

/** What the Performance report shows of a program's incentive terms: forecast figures and the gate as stored. */
export interface IncentiveFigures {
  potentialUpside: Amount;
  potentialDownside: Amount;
  /** In [0, 1], its shortest decimal form; null: no gate. */
  qualityGate: DecimalText | null;
}

export interface PerformanceInput extends ReportCommon {
  contractType: ContractType;
  programMeasureCanonical: string;
  provider: Reference;
  earnedTotal: Amount;
  paidTotal: Amount;
  /** null: the program has no incentive terms, and the report no groups for them. */
  incentive: IncentiveFigures | null;
  qualityReportIds: readonly string[];
}

type Coding = { system: string; code: string; display: string };

/** Contract (version 2): every Performance group covers the program's period (the IG's must-support service-period). */
const servicePeriod = (period: ReportCommon['period']): Extension => ({ url: EXT.servicePeriod, valuePeriod: { start: period.start, end: period.end } });

const group = (coding: Coding, stream: Extension, period: ReportCommon['period'], measureScore: Quantity): MeasureReportGroup => ({
  id: coding.code,
  extension: [stream, servicePeriod(period)],
  code: { coding: [coding], text: coding.display },
  measureScore,
});

const moneyScore = (amount: Amount): Quantity => ({ extension: [{ url: EXT.alternateMeasureScore, valueMoney: usd(amount) }] });

/** qualityGate x 100 in exact decimal (0.85 → 85), UCUM percent. */
const percentScore = (qualityGate: DecimalText): Quantity =>
  withDecimalText({ value: 0, unit: '%', system: CS.ucum, code: '%' }, { value: new Decimal(qualityGate.toString()).times(100).toFixed() });

/**
 * The three groups of the incentive terms, coded in the IG's vbp-performance-metric:
 * upside and downside as Money from the forecast, the gate (when there is one) as a percentage.
 */
function incentiveGroups(incentive: IncentiveFigures, stream: () => Extension, period: ReportCommon['period']): MeasureReportGroup[] {
  const metric = (m: { code: string; display: string }): Coding => ({ system: CS.performanceMetric, ...m });
  return [
    group(metric(INCENTIVE_METRICS.upside), stream(), period, moneyScore(incentive.potentialUpside)),
    group(metric(INCENTIVE_METRICS.downside), stream(), period, moneyScore(incentive.potentialDownside)),
    ...(incentive.qualityGate === null ? [] : [group(metric(INCENTIVE_METRICS.qualityGate), stream(), period, percentScore(incentive.qualityGate))]),
  ];
}

/**
 * The VBP Performance MeasureReport: category vbp, type summary, the provider
 * as organization-subject, the payer (else the provider) as reporter, the
 * earned total as `earned-incentive` Money and the paid total under a local
 * code (the IG has none for incentives paid), the incentive terms' groups when
 * the program has terms, every group over the program's period, linking every
 * quality report.
 */
export function performanceReport(programId: string, input: PerformanceInput): MeasureReport {
  const stream = () => paymentStreamExtension(input.contractType, input.local);
  const { period } = input;
  return {
    resourceType: 'MeasureReport',
    id: `vbp-performance-${programId}`,
    meta: { profile: [PROFILE.performanceReport] },
    extension: [vbpCategory()],
    status: input.status,
    type: 'summary',
    measure: input.programMeasureCanonical,
    // The profile's subject types exclude Organization, hence the extension; the IG examples give no reference.
    subject: { display: input.provider.display, extension: [{ url: EXT.organizationSubject, valueReference: { ...input.provider } }] },
    date: input.date,
    reporter: { ...input.reporter },
    period: { start: period.start, end: period.end },
    group: [
      group({ system: CS.performanceMetric, code: EARNED_INCENTIVE, display: 'Earned incentive' }, stream(), period, moneyScore(input.earnedTotal)),
      group({ system: input.local.performanceMetric, code: 'incentive-paid', display: 'Incentive paid' }, stream(), period, moneyScore(input.paidTotal)),
      ...(input.incentive ? incentiveGroups(input.incentive, stream, period) : []),
    ],
    ...(input.qualityReportIds.length ? { evaluatedResource: input.qualityReportIds.map((id) => ({ reference: `MeasureReport/${id}` })) } : {}),
  };
}
