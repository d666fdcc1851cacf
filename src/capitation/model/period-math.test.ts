import type { CalendarDate } from '../../domain/calendar-date';
import { formatMoney } from '../../domain/money';
import { contractMonths, expectedRevenueOf, maskMemberId, monthsBetween } from './period-math';

const d = (s: string) => s as CalendarDate;

describe('contractMonths', () => {
  it.each([
    { from: '2025-01-01', to: null, through: '2025-03-15', months: ['2025-01-01/2025-01-01', '2025-02-01/2025-02-01', '2025-03-01/2025-03-01'] },
    { from: '2025-01-15', to: null, through: '2025-02-01', months: ['2025-01-01/2025-01-15', '2025-02-01/2025-02-01'] }, // mid-month start counts on effectiveFrom
    { from: '2025-01-01', to: '2025-02-10', through: '2025-12-31', months: ['2025-01-01/2025-01-01', '2025-02-01/2025-02-01'] }, // ends with the contract
    { from: '2025-03-01', to: null, through: '2025-02-28', months: [] }, // through before the start
    { from: '2024-12-31', to: null, through: '2025-01-01', months: ['2024-12-01/2024-12-31', '2025-01-01/2025-01-01'] }, // across a year
    { from: '2025-02-01', to: '2025-02-01', through: '2025-02-01', months: ['2025-02-01/2025-02-01'] },
  ])('$from..$to through $through', ({ from, to, through, months }) => {
    expect(contractMonths(d(from), to ? d(to) : null, d(through)).map((m) => `${m.start}/${m.countDate}`)).toEqual(months);
  });

  it('ends each month on its last day, leap years included', () => {
    expect(contractMonths(d('2024-01-01'), null, d('2024-03-01')).map((m) => m.end)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
  });
});

describe('monthsBetween', () => {
  it('counts 120 months over ten years and none backwards', () => {
    expect(monthsBetween(d('2020-01-15'), d('2029-12-01'))).toHaveLength(120);
    expect(monthsBetween(d('2025-02-01'), d('2025-01-31'))).toEqual([]);
  });
});

describe('expectedRevenueOf', () => {
  it.each([
    { count: 0, rate: '45.10', expected: '0.00' },
    { count: 3, rate: '0.10', expected: '0.30' }, // float: 0.30000000000000004
    { count: 10000, rate: '45.37', expected: '453700.00' },
    { count: 2147483647, rate: '999.99', expected: '2147462172163.53' },
  ])('$count members at $rate is $expected', ({ count, rate, expected }) => {
    expect(formatMoney(expectedRevenueOf(count, rate))).toBe(expected);
  });
});

describe('maskMemberId', () => {
  it.each([
    ['ABCD12345678', '****5678'],
    ['12345678', '****5678'],
    ['1234567', '****'],
    ['', '****'],
    ['=SUM(A1)xyz9', '****xyz9'],
    ['ÄÖÜßéèêë1234', '****1234'],
  ])('%s is shown as %s', (id, masked) => expect(maskMemberId(id)).toBe(masked));
});
