import Decimal from 'decimal.js';
import type { PayerMeasure } from './vbpr-report-parse';
import { canonicalUrl } from './vbpr-report-choice';
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
 * Contract v2: first our measure whose `canonical` (before `|`) is the
 * report's `measure` canonical (before `|`); of two such, the one equal with
 * its version too.
 */
function byCanonical(ours: readonly MeasureRow[], reported: PayerMeasure): MeasureRow | undefined {
  if (!reported.canonical) return undefined;
  const url = canonicalUrl(reported.canonical);
  const candidates = ours.filter((m) => m.canonical && canonicalUrl(m.canonical) === url);
  return candidates.find((m) => m.canonical === reported.canonical) ?? candidates[0];
}

/**
 * Then by code (ignoring case and one leading HEDIS_/hedis-): two of ours may
 * share a key (BCS and HEDIS_BCS), so the one spelled like the payer's code
 * wins, else the first not yet matched, else the first (a repeat).
 */
function byCode(ours: readonly MeasureRow[], reported: PayerMeasure, matched: ReadonlyMap<MeasureRow, PayerMeasure>): MeasureRow | undefined {
  const key = measureKey(reported.code);
  const candidates = ours.filter((m) => measureKey(m.measureId) === key);
  return candidates.find((m) => m.measureId.toLowerCase() === reported.code.toLowerCase())
    ?? candidates.find((m) => !matched.has(m))
    ?? candidates[0];
}

/**
 * Every measure on either side, ordered by measureId: ours matched to the
 * payer's by canonical, then by code; ours alone (payer fields null); the
 * payer's alone (our fields null, measureId as reported). Unknown codes,
 * missing scores and measures reported twice are added to `warnings`.
 */
export function compareMeasures(ours: readonly MeasureRow[], payer: readonly PayerMeasure[], warnings: string[]): MeasureComparison[] {
  const matched = new Map<MeasureRow, PayerMeasure>();
  const payerOnly = new Map<string, PayerMeasure>();

  for (const reported of payer) {
    const key = measureKey(reported.code);
    const ourMeasure = byCanonical(ours, reported) ?? byCode(ours, reported, matched);
    const earlier = ourMeasure ? matched.get(ourMeasure) : payerOnly.get(key);
    if (earlier) {
      warnings.push(`Measure ${reported.code} is reported twice (${earlier.where}, ${reported.where}); the first is compared`);
      continue;
    }
    if (ourMeasure) matched.set(ourMeasure, reported);
    else {
      warnings.push(`Unknown measure code ${reported.code} (${reported.where}): the program has no such measure`);
      payerOnly.set(key, reported);
    }
    if (reported.score === null) {
      warnings.push(reported.denominator
        ? `Measure ${reported.code} has no measureScore; payerRate is computed from its counts`
        : `Measure ${reported.code} has no measureScore and no denominator; payerRate is unknown`);
    }
  }

  const rows = [
    ...ours.map((m) => row(m.measureId, m, matched.get(m) ?? null)),
    ...[...payerOnly.values()].map((p) => row(p.code, null, p)),
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
