/** A calendar date as `YYYY-MM-DD`; the only date shape the domain passes around. */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Null unless `text` is a real date of the Gregorian calendar (no 2025-02-30). */
export function parseCalendarDate(text: unknown): CalendarDate | null {
  if (typeof text !== 'string') return null;
  const m = DATE_PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return text as CalendarDate;
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}

export const lastDayOfMonth = (year: number, month: number): CalendarDate => calendarDate(year, month, daysInMonth(year, month));

/** A database `date` arrives as a JS Date at UTC midnight. */
export const calendarDateOf = (value: Date): CalendarDate => value.toISOString().slice(0, 10) as CalendarDate;

/** For Prisma `@db.Date` columns. */
export const toDbDate = (date: CalendarDate): Date => new Date(`${date}T00:00:00.000Z`);

export const todayUtc = (): CalendarDate => calendarDateOf(new Date());
