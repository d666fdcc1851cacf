import { calendarDateOf, parseCalendarDate, toDbDate } from './calendar-date';

it.each(['2025-01-01', '2024-02-29', '2000-02-29', '9999-12-31'])('%s is a date', (text) => {
  expect(parseCalendarDate(text)).toBe(text);
});

it.each(['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-1', '20250101', '2025-01-01T00:00:00Z', '', 20250101, null])(
  '%p is not a date',
  (text) => expect(parseCalendarDate(text)).toBeNull(),
);

it('round-trips through the database representation', () => {
  expect(calendarDateOf(toDbDate(parseCalendarDate('2025-03-31')!))).toBe('2025-03-31');
});
