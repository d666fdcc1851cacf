import { type CalendarDate, calendarDate, lastDayOfMonth } from '../../domain/calendar-date';

export interface DerivedPeriod { start: CalendarDate; end: CalendarDate }

const QUARTER_START = { Q1: 1, Q2: 4, Q3: 7, Q4: 10 } as const;
const HALF_START = { H1: 1, H2: 7 } as const;

/**
 * The dates a measurementPeriod names, per the contract: `CY2025` or `2025`
 * (the year), `2025-Q1`..`Q4`, `2025-H1`/`H2`, `2025-03` (the month).
 * Anything else names no dates (null). Case and surrounding spaces are ignored.
 */
export function derivePeriod(measurementPeriod: string): DerivedPeriod | null {
  const text = measurementPeriod.trim().toUpperCase();
  const year = /^(?:CY)?(\d{4})$/.exec(text);
  if (year) return monthsOf(Number(year[1]), 1, 12);
  const part = /^(\d{4})-(Q[1-4]|H[12]|\d{2})$/.exec(text);
  if (!part) return null;
  const y = Number(part[1]);
  const p = part[2];
  if (p in QUARTER_START) return monthsOf(y, QUARTER_START[p as keyof typeof QUARTER_START], 3);
  if (p in HALF_START) return monthsOf(y, HALF_START[p as keyof typeof HALF_START], 6);
  const month = Number(p);
  return month >= 1 && month <= 12 ? monthsOf(y, month, 1) : null;
}

function monthsOf(year: number, firstMonth: number, months: number): DerivedPeriod | null {
  if (year < 1) return null;
  return { start: calendarDate(year, firstMonth, 1), end: lastDayOfMonth(year, firstMonth + months - 1) };
}
