import type { CalendarDate } from '../../domain/calendar-date';
import { formatMoney } from '../../domain/money';
import { contractMonths, expectedRevenueOf, maskMemberId, monthCount, monthsBetween, planGeneration } from './period-math';

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

describe('monthCount', () => {
  it.each([
    ['2025-01-31', '2025-01-01', 1],
    ['2024-12-31', '2025-01-01', 2],
    ['2020-01-15', '2029-12-01', 120],
    ['2025-02-01', '2025-01-31', 0],
    ['0001-01-01', '9999-12-31', 119988],
  ])('%s..%s is %d months', (from, to, count) => {
    expect(monthCount(d(from), d(to))).toBe(count);
    if (count <= 120) expect(monthsBetween(d(from), d(to))).toHaveLength(count);
  });
});

describe('planGeneration: at most 600 months per call, from the first month without a period', () => {
  /** The first days of every month from `from` to `to`, as existing periods. */
  const periods = (from: string, to: string) => new Set(monthsBetween(d(from), d(to)).map((m) => m.start as string));
  const fifty = periods('1975-01-01', '2024-12-01'); // 600 months of a contract signed 50 years ago

  it.each([
    { name: 'a new contract, 600 months', from: '2025-01-15', through: '2074-12-31', existing: new Set<string>(), refused: null, months: 600 },
    { name: 'a new contract, 601 months', from: '2025-01-15', through: '2075-01-01', existing: new Set<string>(), refused: { firstToCreate: '2025-01-01', span: 601 }, months: 0 },
    { name: 'a 50-year-old contract gets its next month', from: '1975-01-01', through: '2025-01-31', existing: fifty, refused: null, months: 601 },
    { name: 'and its next 600', from: '1975-01-01', through: '2074-12-01', existing: fifty, refused: null, months: 1200 },
    { name: 'but not 601', from: '1975-01-01', through: '2075-01-01', existing: fifty, refused: { firstToCreate: '2025-01-01', span: 601 }, months: 0 },
    { name: 'everything exists: nothing to create', from: '1975-01-01', through: '2000-06-30', existing: fifty, refused: null, months: 306 },
    { name: 'a gap counts from the gap', from: '1975-01-01', through: '2025-02-01', existing: new Set([...fifty].filter((m) => m !== '1975-02-01')), refused: { firstToCreate: '1975-02-01', span: 601 }, months: 0 },
    { name: 'a hostile through', from: '2025-01-01', through: '9999-12-31', existing: new Set<string>(), refused: { firstToCreate: '2025-01-01', span: 95_700 }, months: 0 },
    { name: 'through before the start', from: '2025-03-01', through: '2025-02-28', existing: new Set<string>(), refused: null, months: 0 },
  ])('$name', ({ from, through, existing, refused, months }) => {
    const plan = planGeneration(d(from), null, d(through), existing);
    if (refused) expect(plan).toEqual({ ok: false, ...refused });
    else expect(plan.ok && plan.months.length).toBe(months);
  });

  it('stops at effectiveTo, whatever through says', () => {
    const plan = planGeneration(d('2025-01-01'), d('2025-03-31'), d('9999-12-31'), new Set());
    expect(plan.ok && plan.months.map((m) => m.start)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01']);
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
