import Decimal from 'decimal.js';

/** Money is exact: decimal.js throughout, 2-dp strings on the wire, never a JS number. */
export type Money = Decimal;
export type DecimalLike = string | number | { toString(): string };
/** An exact decimal as the database gives it: its text, or a Prisma Decimal. */
export type DecimalText = string | { toString(): string };

/** Contract: at most 2 decimals, |value| < 10^12 (12 integer digits). */
const MONEY_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

export const ZERO = new Decimal(0);

/** Every amount, given or computed and stored, is below this in absolute value: what a Decimal input may hold. */
export const AMOUNT_LIMIT = new Decimal('1e12');
/** Contract (Hostile input, version 2): a computed amount that would not fit is refused, never left to overflow. */
export const fitsAmount = (value: DecimalLike): boolean => toMoney(value).abs().lt(AMOUNT_LIMIT);

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

/** Canonical 2-decimal text: no leading zeros, no plus sign, no exponent. */
const PRINTED_MONEY = /^-?(?:0|[1-9]\d*)\.\d\d$/;

/** Exactly two decimals, half-up, e.g. "1250.00"; "-0.00" never appears. */
export function formatMoney(value: DecimalLike): string {
  // Already in the printed form (PostgreSQL's text of a numeric(18,2), as the batch loaders read it): as is.
  if (typeof value === 'string' && PRINTED_MONEY.test(value) && value !== '-0.00') return value;
  // A decimal (ours, or the Prisma client's copy of decimal.js) rounds itself: every amount a
  // response prints passes here, and copying it through its text first was most of the cost.
  const decimal = Decimal.isDecimal(value) ? value as Decimal : toMoney(value);
  const text = decimal.toFixed(2, Decimal.ROUND_HALF_UP);
  return text === '-0.00' ? '0.00' : text; // decimal.js keeps the sign of what rounded to zero
}

/**
 * Whole cents of a canonical 2-decimal text of at most 15 digits (an exact integer, far below 2^53),
 * else undefined: the batch loaders' amounts add up as integers, exactly, without a decimal object each.
 */
function centsOf(value: DecimalLike): number | undefined {
  if (typeof value !== 'string' || value.length > 17 || !PRINTED_MONEY.test(value)) return undefined;
  return Number(value.slice(0, -3) + value.slice(-2));
}

/**
 * An exact amount: a decimal, or the canonical 2-decimal text formatMoney prints
 * (what sums and differences of printed amounts come out as: no decimal object
 * is built for the ~400 a dashboard computes, and printing passes them through).
 */
export type ExactMoney = Money | string;

/** A sum or difference of cents (a safe integer) as canonical 2-decimal text ("-0.00" never: 0 has no sign). */
function fromCents(cents: number): string {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export const sumMoney = (values: Iterable<DecimalLike>): ExactMoney => {
  const list = Array.isArray(values) ? values as DecimalLike[] : [...values];
  let cents = 0;
  for (const v of list) {
    const c = centsOf(v);
    if (c === undefined || !Number.isSafeInteger((cents += c))) return sumDecimals(list);
  }
  return fromCents(cents);
};

function sumDecimals(values: readonly DecimalLike[]): Money {
  let total = ZERO;
  for (const v of values) total = total.plus(toMoney(v));
  return total;
}

/** a − b, exactly. */
export function subtractMoney(a: DecimalLike, b: DecimalLike): ExactMoney {
  const ca = centsOf(a);
  const cb = centsOf(b);
  return ca !== undefined && cb !== undefined ? fromCents(ca - cb) : toMoney(a).minus(toMoney(b));
}
