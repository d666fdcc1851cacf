import Decimal from 'decimal.js';
import { gapToBenchmarkOf, PerformanceLevel, performanceLevelOf, type Scored } from './measure-math';

type DecimalText = string | { toString(): string };

/**
 * Exact arithmetic for the forecast. maxIncentive (< 10^12, 2 decimals) x a weight (<= 1000, 4 decimals)
 * has at most 20 significant digits, and a quotient by the total weight (at most 200 x 1000) must be rounded
 * once, to cents: 60 digits keep every product exact and leave a quotient so far from any half-cent it
 * does not reach that no second rounding can move it (a quotient by a total of d ten-thousandths that is
 * not on a half-cent lies at least 1/(2d) cents from it).
 */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
const ZERO = new Exact(0);

/** What the terms say (rows as stored: decimals as exact text or decimal objects). */
export interface IncentiveTermsValues {
  maxIncentive: DecimalText;
  /** null: no gate. */
  qualityGate: DecimalText | null;
  atRiskAmount: DecimalText;
  /** As stored; empty: every measure weighs 1. */
  measureWeights: readonly { measureId: string; weight: DecimalText }[];
}

export interface MeasureForecastOf<M> {
  measure: M;
  weight: number;
  dollarsAtStake: Decimal;
  projectedEarned: Decimal;
  eventsToBenchmark: number;
  dollarsPerEvent: Decimal | null;
}

export interface IncentiveForecastOf<M> {
  maxIncentive: Decimal;
  projectedIncentive: Decimal;
  potentialUpside: Decimal;
  potentialDownside: Decimal;
  qualityGateMet: boolean | null;
  exceededWeightShare: number | null;
  /** Largest dollarsAtStake first, then measureId (bytes). */
  measures: MeasureForecastOf<M>[];
}

const cents = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** Byte order of two measureIds (they are ASCII, so UTF-16 order is byte order). */
export const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Contract (README: Incentive terms and forecast): what the program earns if
 * every measure keeps today's performanceLevel. Weights: with none listed
 * every measure weighs 1; otherwise a listed measure its weight and an unlisted
 * one 0 (a weight whose measure is gone is ignored). Every figure exact, each
 * money figure rounded half-up to cents exactly where the contract says.
 */
export function forecastOf<M extends Scored & { measureId: string }>(measures: readonly M[], terms: IncentiveTermsValues): IncentiveForecastOf<M> {
  const maxIncentive = new Exact(terms.maxIncentive.toString());
  const listed = new Map(terms.measureWeights.map((w) => [w.measureId, new Exact(w.weight.toString())]));
  const weightOf = (measureId: string) => (listed.size === 0 ? new Exact(1) : listed.get(measureId) ?? ZERO);

  const scored = measures.map((measure) => ({
    measure, weight: weightOf(measure.measureId), exceeded: performanceLevelOf(measure) === PerformanceLevel.EXCEEDED,
  }));
  const total = scored.reduce((sum, m) => sum.plus(m.weight), ZERO);
  const exceededWeight = scored.reduce((sum, m) => (m.exceeded ? sum.plus(m.weight) : sum), ZERO);

  // The share before rounding is compared, as exceeded >= gate x total (no quotient, so no rounding at all).
  const gate = terms.qualityGate === null ? null : new Exact(terms.qualityGate.toString());
  const gateMet = gate === null || (total.gt(0) && exceededWeight.gte(gate.times(total)));

  const forecasts = scored.map(({ measure, weight, exceeded }): MeasureForecastOf<M> => {
    const dollarsAtStake = total.gt(0) ? cents(maxIncentive.times(weight).div(total)) : cents(ZERO);
    const eventsToBenchmark = gapToBenchmarkOf(measure);
    return {
      measure,
      weight: weight.toNumber(),
      dollarsAtStake,
      projectedEarned: exceeded && gateMet ? dollarsAtStake : cents(ZERO),
      eventsToBenchmark,
      // NOT_MET means numerator < benchmark x denominator, so the gap is at least 1: the divisor is never 0.
      dollarsPerEvent: !exceeded && dollarsAtStake.gt(0) ? cents(dollarsAtStake.div(eventsToBenchmark)) : null,
    };
  });
  forecasts.sort((a, b) => b.dollarsAtStake.comparedTo(a.dollarsAtStake) || byBytes(a.measure.measureId, b.measure.measureId));

  const projectedIncentive = forecasts.reduce((sum, m) => sum.plus(m.projectedEarned), cents(ZERO));
  const upside = maxIncentive.minus(projectedIncentive);
  return {
    maxIncentive: cents(maxIncentive),
    projectedIncentive,
    // Each share is rounded on its own, so the shares may add up to a cent or two more than the pool.
    potentialUpside: cents(upside.gt(0) ? upside : ZERO),
    potentialDownside: gateMet ? cents(ZERO) : cents(new Exact(terms.atRiskAmount.toString())),
    qualityGateMet: gate === null ? null : gateMet,
    exceededWeightShare: total.gt(0) ? exceededWeight.div(total).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber() : null,
    measures: forecasts,
  };
}

/**
 * Contract (vbpDashboard.opportunities): NOT_MET measures with money at stake,
 * largest dollarsPerEvent first, then largest dollarsAtStake, then measureId
 * (bytes), then the measure row's id (one measureId may be in several programs).
 */
export function opportunitiesOf<M extends { id: string; measureId: string }>(
  forecasts: readonly IncentiveForecastOf<M>[], first: number,
): MeasureForecastOf<M>[] {
  const candidates = forecasts.flatMap((f) => f.measures.filter((m) => m.dollarsPerEvent !== null));
  candidates.sort((a, b) => b.dollarsPerEvent!.comparedTo(a.dollarsPerEvent!)
    || b.dollarsAtStake.comparedTo(a.dollarsAtStake)
    || byBytes(a.measure.measureId, b.measure.measureId)
    || byBytes(a.measure.id, b.measure.id));
  return candidates.slice(0, first);
}
