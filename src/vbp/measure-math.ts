import Decimal from 'decimal.js';

/** Registered as a GraphQL enum in measure.type.ts. */
export enum PerformanceLevel { EXCEEDED = 'EXCEEDED', NOT_MET = 'NOT_MET' }

type DecimalText = string | { toString(): string };
export interface Counts { numerator: number; denominator: number }
export interface Scored extends Counts { benchmark: DecimalText }

/** Contract: numerator / denominator rounded half-up to 4 decimals; a Float only at the very end. */
export const rateOf = ({ numerator, denominator }: Counts): number =>
  new Decimal(numerator).div(denominator).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();

/** Contract: EXCEEDED exactly when numerator >= benchmark × denominator, in exact decimals (3 of 4 at 0.75 is EXCEEDED). */
export const performanceLevelOf = ({ numerator, denominator, benchmark }: Scored): PerformanceLevel =>
  new Decimal(numerator).gte(new Decimal(benchmark.toString()).times(denominator))
    ? PerformanceLevel.EXCEEDED
    : PerformanceLevel.NOT_MET;

/** Contract: max(0, ceil(benchmark × denominator) − numerator). */
export const gapToBenchmarkOf = ({ numerator, denominator, benchmark }: Scored): number =>
  Math.max(0, new Decimal(benchmark.toString()).times(denominator).ceil().minus(numerator).toNumber());

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
export const benchmarkAsFloat = (benchmark: DecimalText): number => new Decimal(benchmark.toString()).toNumber();
