import type { CalendarDate } from '../../domain/calendar-date';
import { derivePeriod } from './period-label';

export interface StoredPeriod { measurementPeriod: string; periodStart: CalendarDate | null; periodEnd: CalendarDate | null }
export interface PeriodInput { measurementPeriod?: string; periodStart?: CalendarDate | null; periodEnd?: CalendarDate | null }
export type PeriodResult =
  | { ok: true; periodStart: CalendarDate | null; periodEnd: CalendarDate | null }
  | { ok: false; field: 'periodStart' | 'periodEnd' | 'measurementPeriod' };

/**
 * The contract's period rules. On create (no `current`), an end not given is
 * derived from measurementPeriod (or null). On update, a missing end is
 * unchanged, unless measurementPeriod changes: then every end not given is
 * derived again. Explicit null on update clears. When both ends are known,
 * start <= end, else the error names the end that was given.
 */
export function resolveProgramPeriod(current: StoredPeriod | null, input: PeriodInput): PeriodResult {
  const measurementPeriod = input.measurementPeriod ?? current?.measurementPeriod ?? '';
  const rederive = !current || (input.measurementPeriod !== undefined && input.measurementPeriod !== current.measurementPeriod);
  const derived = rederive ? derivePeriod(measurementPeriod) : null;
  const pick = (given: CalendarDate | null | undefined, derivedEnd: CalendarDate | undefined, stored: CalendarDate | null) => {
    if (!current) return given ?? derivedEnd ?? null;
    if (given !== undefined) return given;
    return rederive ? derivedEnd ?? null : stored;
  };
  const periodStart = pick(input.periodStart, derived?.start, current?.periodStart ?? null);
  const periodEnd = pick(input.periodEnd, derived?.end, current?.periodEnd ?? null);
  if (periodStart && periodEnd && periodStart > periodEnd) {
    const field = input.periodEnd ? 'periodEnd' : input.periodStart ? 'periodStart' : 'measurementPeriod';
    return { ok: false, field };
  }
  return { ok: true, periodStart, periodEnd };
}
