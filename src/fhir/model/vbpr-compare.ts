import Decimal from 'decimal.js';
import type { PayerMeasure } from './vbpr-report-parse';
import { rateOf, type MeasureRow } from '../../vbp';

/** One row of VbprComparison.measures. */
export interface MeasureComparison {
  measureId: string;
  measure: MeasureRow | null;
  payerCanonical: string | null;
  payerNumerator: number | null;
  payerDenominator: number | null;
  payerRate: number | null;
  numerator: number | null;
  denominator: number | null;
  rate: number | null;
  rateDifference: number | null;
  agrees: boolean;
}

/** Contract: codes compare ignoring case and one leading `HEDIS_` or `hedis-` (so BCS, HEDIS_BCS and hedis-bcs meet). */
export const measureKey = (code: string) => code.toLowerCase().replace(/^hedis[_-]/, '');

/** Contract: payerRate − rate, rounded half-up to 4 decimals, in decimal; a number only at the end. */
export function rateDifference(payerRate: number | null, rate: number | null): number | null {
  if (payerRate === null || rate === null) return null;
  const difference = new Decimal(String(payerRate)).minus(new Decimal(String(rate))).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  return difference.isZero() ? 0 : difference.toNumber(); // never -0
}

/** The contract's orderings compare bytes (COLLATE "C"); measure ids and payer codes alike. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Every measure on either side, ordered by measureId: ours matched to the
 * payer's by code, ours alone (payer fields null), the payer's alone (our
 * fields null, measureId as reported). Unknown codes, missing scores and
 * repeated measures are added to `warnings`.
 */
export function compareMeasures(ours: readonly MeasureRow[], payer: readonly PayerMeasure[], warnings: string[]): MeasureComparison[] {
  const byKey = new Map<string, MeasureRow[]>();
  for (const m of ours) byKey.set(measureKey(m.measureId), [...(byKey.get(measureKey(m.measureId)) ?? []), m]);
  const matched = new Map<MeasureRow, PayerMeasure>();
  const payerOnly: PayerMeasure[] = [];
  const seen = new Map<string, PayerMeasure>();

  for (const reported of payer) {
    const key = measureKey(reported.code);
    const earlier = seen.get(key);
    if (earlier) {
      warnings.push(`Measure ${reported.code} is reported twice (${earlier.where}, ${reported.where}); the first is compared`);
      continue;
    }
    seen.set(key, reported);
    const candidates = (byKey.get(key) ?? []).filter((m) => !matched.has(m));
    // Two of our measures may share a key (BCS and HEDIS_BCS): the one spelled like the payer's code wins.
    const ourMeasure = candidates.find((m) => m.measureId.toLowerCase() === reported.code.toLowerCase()) ?? candidates[0];
    if (ourMeasure) matched.set(ourMeasure, reported);
    else {
      warnings.push(`Unknown measure code ${reported.code} (${reported.where}): the program has no such measure`);
      payerOnly.push(reported);
    }
    if (reported.score === null) {
      warnings.push(reported.denominator
        ? `Measure ${reported.code} has no measureScore; payerRate is computed from its counts`
        : `Measure ${reported.code} has no measureScore and no denominator; payerRate is unknown`);
    }
  }

  const rows = [
    ...ours.map((m) => row(m.measureId, m, matched.get(m) ?? null)),
    ...payerOnly.map((p) => row(p.code, null, p)),
  ];
  return rows.sort((a, b) => byteOrder(a.measureId, b.measureId));
}

function row(measureId: string, measure: MeasureRow | null, reported: PayerMeasure | null): MeasureComparison {
  const rate = measure ? rateOf(measure) : null;
  const payerRate = reported ? payerRateOf(reported) : null;
  return {
    measureId,
    measure,
    payerCanonical: reported?.canonical ?? null,
    payerNumerator: reported?.numerator ?? null,
    payerDenominator: reported?.denominator ?? null,
    payerRate,
    numerator: measure?.numerator ?? null,
    denominator: measure?.denominator ?? null,
    rate,
    rateDifference: rateDifference(payerRate, rate),
    agrees: !!measure && !!reported && reported.numerator === measure.numerator && reported.denominator === measure.denominator,
  };
}

/** Contract: the report's measureScore, else its numerator / denominator rounded half-up to 4 decimals. */
function payerRateOf({ score, numerator, denominator }: PayerMeasure): number | null {
  if (score !== null) return score;
  return numerator !== null && denominator ? rateOf({ numerator, denominator }) : null;
}
