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

/** Contract: enrolledMemberCount × pmpmRate, exact. */
export const expectedRevenueOf = (enrolledMemberCount: number, pmpmRate: DecimalLike): Money =>
  new Decimal(pmpmRate.toString()).times(enrolledMemberCount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** Contract: `****` plus the last 4 characters when the id has at least 8, else `****`. */
export function maskMemberId(memberId: string): string {
  const chars = [...memberId];
  return chars.length >= 8 ? `****${chars.slice(-4).join('')}` : '****';
}
