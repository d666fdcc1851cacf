import Decimal from 'decimal.js';
import { type CalendarDate, calendarDate, lastDayOfMonth } from '../../domain/calendar-date';
import type { DecimalLike, Money } from '../../domain/money';

export interface MonthPeriod {
  start: CalendarDate;
  end: CalendarDate;
  /** The day whose roster the month is paid for: its first day, or effectiveFrom in a month the contract starts mid-way. */
  countDate: CalendarDate;
}

const ym = (date: CalendarDate) => ({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) });
export const firstOfMonth = (date: CalendarDate): CalendarDate => calendarDate(ym(date).year, ym(date).month, 1);

/** Every calendar month from the month of `from` to the month of `to`, inclusive (none when to < from). */
export function monthsBetween(from: CalendarDate, to: CalendarDate): { start: CalendarDate; end: CalendarDate }[] {
  const months: { start: CalendarDate; end: CalendarDate }[] = [];
  let { year, month } = ym(from);
  const last = ym(to);
  while (year < last.year || (year === last.year && month <= last.month)) {
    months.push({ start: calendarDate(year, month, 1), end: lastDayOfMonth(year, month) });
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
  return months;
}

/**
 * Contract: whole calendar months from the month containing effectiveFrom to
 * the month containing the earlier of effectiveTo and `through`; no proration.
 */
export function contractMonths(effectiveFrom: CalendarDate, effectiveTo: CalendarDate | null, through: CalendarDate): MonthPeriod[] {
  const until = effectiveTo && effectiveTo < through ? effectiveTo : through;
  if (until < effectiveFrom) return [];
  return monthsBetween(effectiveFrom, until).map((m) => ({ ...m, countDate: m.start < effectiveFrom ? effectiveFrom : m.start }));
}

const monthIndex = (date: CalendarDate) => ym(date).year * 12 + ym(date).month - 1;

/** How many months `monthsBetween(from, to)` lists, counted without listing them. */
export const monthCount = (from: CalendarDate, to: CalendarDate): number => Math.max(0, monthIndex(to) - monthIndex(from) + 1);

const nextMonth = (start: CalendarDate): CalendarDate => {
  const { year, month } = ym(start);
  return month === 12 ? calendarDate(year + 1, 1, 1) : calendarDate(year, month + 1, 1);
};

/** Contract (Hostile input, version 2): months one generateCapitationPeriods call may create. */
export const MAX_MONTHS_PER_GENERATION = 600;

export type GenerationPlan =
  /** The months to write (created or recomputed), as contractMonths lists them. */
  | { ok: true; months: MonthPeriod[] }
  /** Refused: `span` months from `firstToCreate` (the first month without a period) to the last one asked for. */
  | { ok: false; firstToCreate: CalendarDate; span: number };

/**
 * Contract: a call creates at most 600 months, counted from the first month it
 * would create (the contract's first month without a period, so a contract 50
 * years old still gets its next ones), and a larger span is refused before any
 * month is listed: the work done before refusing does not grow with `through`.
 * `existing`: the first days of the months that have a period.
 */
export function planGeneration(
  effectiveFrom: CalendarDate, effectiveTo: CalendarDate | null, through: CalendarDate, existing: ReadonlySet<string>,
): GenerationPlan {
  const until = effectiveTo && effectiveTo < through ? effectiveTo : through;
  if (until < effectiveFrom) return { ok: true, months: [] };
  // Steps only over months that have a period: at most existing.size steps.
  let firstToCreate = firstOfMonth(effectiveFrom);
  while (firstToCreate <= until && existing.has(firstToCreate)) firstToCreate = nextMonth(firstToCreate);
  const span = firstToCreate <= until ? monthCount(firstToCreate, until) : 0;
  if (span > MAX_MONTHS_PER_GENERATION) return { ok: false, firstToCreate, span };
  return { ok: true, months: contractMonths(effectiveFrom, effectiveTo, through) };
}

/** Contract: enrolledMemberCount × pmpmRate, exact. */
export const expectedRevenueOf = (enrolledMemberCount: number, pmpmRate: DecimalLike): Money =>
  new Decimal(pmpmRate.toString()).times(enrolledMemberCount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** Contract: `****` plus the last 4 characters when the id has at least 8, else `****`. */
export function maskMemberId(memberId: string): string {
  const chars = [...memberId];
  return chars.length >= 8 ? `****${chars.slice(-4).join('')}` : '****';
}
