import type { Extension, MeasureReport, Money, Reference } from 'fhir/r4';
import Decimal from 'decimal.js';
import type { CalendarDate } from '../../domain/calendar-date';
import { type ExactMoney as Amount, formatMoney } from '../../domain/money';
import { hedisCode, paymentStreamExtension } from './vbpr-program-measure';
import { CS, EARNED_INCENTIVE, EXT, type localUrls, PROFILE } from './vbpr-urls';
import { rateOf, type ContractType, type MeasureRow } from '../../vbp';

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
 * score = the contract's rate, the benchmark as a threshold with a local type.
 */
export function qualityReport(measure: MeasureRow, common: ReportCommon): MeasureReport {
  const rate = rateOf(measure);
  const benchmark = new Decimal(measure.benchmark.toString());
  const gap = Decimal.max(0, benchmark.minus(new Decimal(String(rate))));
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
          { url: 'threshold', valueDecimal: jsonNumber(benchmark) },
          { url: 'type', valueCodeableConcept: { coding: [{ system: common.local.thresholdType, code: 'contract-target', display: 'Contract target' }] } },
          // In the threshold's own unit (a proportion), not our integer gapToBenchmark count.
          { url: 'gapToThreshold', valueDecimal: jsonNumber(gap) },
        ],
      },
    ],
    status: common.status,
    type: 'summary',
    measure: common.local.qualityMeasure(hedisCode(measure.measureId), common.period.start.slice(0, 4)),
    date: common.date,
    reporter: { ...common.reporter },
    period: { start: common.period.start, end: common.period.end },
    improvementNotation: { coding: [{ system: CS.improvementNotation, code: 'increase' }] },
    group: [{
      // The comparison matches a payer's report by this code first.
      code: { coding: [{ system: common.local.measureCode, code: measure.measureId, display: measure.measureName }], text: measure.measureName },
      population: [population('denominator', measure.denominator), population('numerator', measure.numerator)],
      measureScore: { value: rate },
    }],
  };
}

/** Money in USD from an exact amount: the 2-dp string first, a JSON number only at the very end. */
export function usd(amount: Amount): Money {
  // Exact for amounts below 10^13 (15 significant digits); the contract bounds each payment below 10^12.
  return { value: Number(formatMoney(amount)), currency: 'USD' };
}

export interface PerformanceInput extends ReportCommon {
  contractType: ContractType;
  programMeasureCanonical: string;
  provider: Reference;
  earnedTotal: Amount;
  paidTotal: Amount;
  qualityReportIds: readonly string[];
}

const moneyGroup = (id: string, coding: { system: string; code: string; display: string }, amount: Amount, stream: Extension) => ({
  id,
  extension: [stream],
  code: { coding: [coding], text: coding.display },
  measureScore: { extension: [{ url: EXT.alternateMeasureScore, valueMoney: usd(amount) }] },
});

/**
 * The VBP Performance MeasureReport: category vbp, type summary, the provider
 * as organization-subject, the payer (else the provider) as reporter, the
 * earned total as `earned-incentive` Money and the paid total under a local
 * code (the IG has none for incentives paid), linking every quality report.
 */
export function performanceReport(programId: string, input: PerformanceInput): MeasureReport {
  const stream = paymentStreamExtension(input.contractType, input.local);
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
    period: { start: input.period.start, end: input.period.end },
    group: [
      moneyGroup(EARNED_INCENTIVE, { system: CS.performanceMetric, code: EARNED_INCENTIVE, display: 'Earned incentive' }, input.earnedTotal, stream),
      moneyGroup('incentive-paid', { system: input.local.performanceMetric, code: 'incentive-paid', display: 'Incentive paid' }, input.paidTotal, stream),
    ],
    ...(input.qualityReportIds.length ? { evaluatedResource: input.qualityReportIds.map((id) => ({ reference: `MeasureReport/${id}` })) } : {}),
  };
}
