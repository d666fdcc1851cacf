import type { CalendarDate } from '../../domain/calendar-date';
import { resolveProgramPeriod, type StoredPeriod } from './program-period';

const d = (s: string) => s as CalendarDate;
const q1: StoredPeriod = { measurementPeriod: '2025-Q1', periodStart: d('2025-01-01'), periodEnd: d('2025-03-31') };
const custom: StoredPeriod = { measurementPeriod: 'Contract year 1', periodStart: d('2025-02-15'), periodEnd: d('2026-02-14') };

describe('on create', () => {
  it.each([
    { input: { measurementPeriod: 'CY2025' }, start: '2025-01-01', end: '2025-12-31' },
    { input: { measurementPeriod: 'Contract year 1' }, start: null, end: null },
    { input: { measurementPeriod: '2025-Q2', periodStart: d('2025-04-15') }, start: '2025-04-15', end: '2025-06-30' },
    { input: { measurementPeriod: 'custom', periodEnd: d('2025-06-30') }, start: null, end: '2025-06-30' },
    { input: { measurementPeriod: '2025', periodStart: null, periodEnd: null }, start: '2025-01-01', end: '2025-12-31' },
  ])('$input gives $start..$end', ({ input, start, end }) => {
    expect(resolveProgramPeriod(null, input)).toEqual({ ok: true, periodStart: start, periodEnd: end });
  });

  it.each([
    { input: { measurementPeriod: '2025-Q1', periodStart: d('2025-04-01') }, field: 'periodStart' }, // after the derived end
    { input: { measurementPeriod: '2025-Q2', periodEnd: d('2025-03-31') }, field: 'periodEnd' },
    { input: { measurementPeriod: 'x', periodStart: d('2025-02-01'), periodEnd: d('2025-01-31') }, field: 'periodEnd' },
  ])('$input is refused on $field', ({ input, field }) => {
    expect(resolveProgramPeriod(null, input)).toEqual({ ok: false, field });
  });
});

describe('on update', () => {
  it.each([
    { current: q1, input: {}, start: '2025-01-01', end: '2025-03-31' }, // nothing given: unchanged
    { current: custom, input: { name: 'x' }, start: '2025-02-15', end: '2026-02-14' },
    { current: q1, input: { measurementPeriod: '2025-Q3' }, start: '2025-07-01', end: '2025-09-30' }, // derived again
    { current: q1, input: { measurementPeriod: '2025-Q1' }, start: '2025-01-01', end: '2025-03-31' }, // not a change
    { current: custom, input: { measurementPeriod: '2025-H2', periodStart: d('2025-08-01') }, start: '2025-08-01', end: '2025-12-31' },
    { current: q1, input: { measurementPeriod: 'Contract year 1' }, start: null, end: null }, // derives nothing
    { current: q1, input: { periodEnd: d('2025-02-28') }, start: '2025-01-01', end: '2025-02-28' }, // the other end stays
    { current: q1, input: { periodStart: null }, start: null, end: '2025-03-31' }, // explicit null clears
    { current: q1, input: { measurementPeriod: '2025-Q2', periodEnd: null }, start: '2025-04-01', end: null },
  ])('$input on $current.measurementPeriod gives $start..$end', ({ current, input, start, end }) => {
    expect(resolveProgramPeriod(current, input)).toEqual({ ok: true, periodStart: start, periodEnd: end });
  });

  it.each([
    { current: q1, input: { periodStart: d('2025-04-01') }, field: 'periodStart' },
    { current: q1, input: { periodEnd: d('2024-12-31') }, field: 'periodEnd' },
    { current: custom, input: { measurementPeriod: '2025-Q1', periodStart: d('2025-06-01') }, field: 'periodStart' },
  ])('$input on $current.measurementPeriod is refused on $field', ({ current, input, field }) => {
    expect(resolveProgramPeriod(current, input)).toEqual({ ok: false, field });
  });
});
