import Decimal from 'decimal.js';
import type { DecimalText } from '../../domain/money';

/** Registered as a GraphQL enum in measure.type.ts. */
export enum PerformanceLevel { EXCEEDED = 'EXCEEDED', NOT_MET = 'NOT_MET' }

export interface Counts { numerator: number; denominator: number }
export interface Scored extends Counts { benchmark: DecimalText }

/**
 * A benchmark in ten-thousandths, read from its decimal text ("0.7500" → 7500):
 * benchmarks have at most 4 decimals, so every comparison below is exact
 * integer arithmetic (all products stay far below 2^53), with no binary
 * fraction anywhere. Called for every measure of every dashboard, hence no
 * decimal objects on this path.
 */
export function benchmarkTenThousandths(benchmark: DecimalText): number {
  if (typeof benchmark === 'string') {
    // The batch loaders hand benchmarks over as PostgreSQL's text of a numeric(5,4), "0.7500": at most
    // 10,001 such texts exist, so their values are kept once parsed (anything else is parsed every time).
    let known = storedBenchmarks.get(benchmark);
    if (known === undefined) {
      known = parseTenThousandths(benchmark);
      if (STORED_BENCHMARK.test(benchmark)) storedBenchmarks.set(benchmark, known);
    }
    return known;
  }
  // A row's benchmark is an immutable decimal object, asked for up to four times per measure and response
  // (benchmark, performanceLevel, gapToBenchmark, the summary): its text is read once.
  let parsed = parsedBenchmarks.get(benchmark);
  if (parsed === undefined) parsedBenchmarks.set(benchmark, (parsed = parseTenThousandths(benchmark.toString())));
  return parsed;
}

const parsedBenchmarks = new WeakMap<object, number>();
const storedBenchmarks = new Map<string, number>();
const STORED_BENCHMARK = /^[01]\.\d{4}$/;

function parseTenThousandths(text: string): number {
  const [whole, fraction = ''] = text.split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0').slice(0, 4));
}

/** Contract: numerator / denominator rounded half-up to 4 decimals; a Float only at the very end. */
export const rateOf = ({ numerator, denominator }: Counts): number =>
  // floor((n/d) × 10^4 + 1/2) as integers: floor((2·n·10^4 + d) / (2·d)); the quotient of two exact
  // integers below 2^53 lands on the right side of every integer boundary (gaps ≥ 1/(2d) ≫ ulp).
  Math.floor((2 * numerator * 10_000 + denominator) / (2 * denominator)) / 10_000;

/** Contract: EXCEEDED exactly when numerator >= benchmark × denominator (3 of 4 at 0.75 is EXCEEDED). */
export const performanceLevelOf = ({ numerator, denominator, benchmark }: Scored): PerformanceLevel =>
  numerator * 10_000 >= benchmarkTenThousandths(benchmark) * denominator ? PerformanceLevel.EXCEEDED : PerformanceLevel.NOT_MET;

/** Contract: max(0, ceil(benchmark × denominator) − numerator). */
export const gapToBenchmarkOf = ({ numerator, denominator, benchmark }: Scored): number =>
  Math.max(0, Math.ceil(benchmarkTenThousandths(benchmark) * denominator / 10_000) - numerator);

/**
 * Contract: a benchmark is stored rounded half-up to 4 decimals of its shortest
 * decimal form (JavaScript `String(x)`), after checking it lies in [0, 1], so
 * 1.00004 is refused rather than rounded to 1. Returns null when out of range.
 */
export function storedBenchmark(value: number): string | null {
  if (!Number.isFinite(value) || value < 0 || value > 1) return null;
  return new Decimal(String(value)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

/** A benchmark as the Float the contract exposes. */
export const benchmarkAsFloat = (benchmark: DecimalText): number => benchmarkTenThousandths(benchmark) / 10_000;

/** Contract (CL events): measure ids match ignoring case and one leading `hedis_`. */
export const normalizeMeasureCode = (measureId: string): string => measureId.toLowerCase().replace(/^hedis_/, '');
