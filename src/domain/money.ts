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
  // A decimal (ours, or the Prisma client's copy of decimal.js) rounds itself: every amount a
  // response prints passes here, and copying it through its text first was most of the cost.
  const decimal = Decimal.isDecimal(value) ? value as Decimal : toMoney(value);
  const text = decimal.toFixed(2, Decimal.ROUND_HALF_UP);
  return text === '-0.00' ? '0.00' : text; // decimal.js keeps the sign of what rounded to zero
}

export const sumMoney = (values: Iterable<DecimalLike>): Money => {
  let total = ZERO;
  for (const v of values) total = total.plus(toMoney(v));
  return total;
};
