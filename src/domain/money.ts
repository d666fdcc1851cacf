import Decimal from 'decimal.js';

/** Money is exact: decimal.js throughout, 2-dp strings on the wire, never a JS number. */
export type Money = Decimal;
export type DecimalLike = string | number | { toString(): string };

/** Contract: at most 2 decimals, |value| < 10^12 (12 integer digits). */
const MONEY_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

export const ZERO = new Decimal(0);

/** Parses a money amount from a string (or a JSON number, read in its shortest form); null when invalid. */
export function parseMoney(input: unknown): Money | null {
  let text: string;
  if (typeof input === 'string') text = input.trim();
  else if (typeof input === 'number' && Number.isFinite(input)) text = String(input);
  else return null;
  if (!MONEY_PATTERN.test(text)) return null;
  return new Decimal(text);
}

export const toMoney = (value: DecimalLike): Money => new Decimal(value.toString());

/** Exactly two decimals, half-up, e.g. "1250.00"; "-0.00" never appears. */
export function formatMoney(value: DecimalLike): string {
  const rounded = toMoney(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return (rounded.isZero() ? ZERO : rounded).toFixed(2);
}

export const sumMoney = (values: Iterable<DecimalLike>): Money => {
  let total = ZERO;
  for (const v of values) total = total.plus(toMoney(v));
  return total;
};
