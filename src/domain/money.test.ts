import Decimal from 'decimal.js';
import { Prisma } from '../generated/prisma/client';
import { formatMoney, parseMoney, subtractMoney, sumMoney } from './money';

describe('parseMoney', () => {
  it.each([
    ['1250', '1250'],
    ['1250.5', '1250.5'],
    ['0.10', '0.1'],
    [' 12.34 ', '12.34'],
    ['-5.25', '-5.25'],
    ['999999999999.99', '999999999999.99'],
    [0.1, '0.1'], // a JSON number is read in its shortest form, not as 0.1000000000000000055…
    [1250, '1250'],
  ])('%p is %s', (input, expected) => {
    expect(parseMoney(input)?.toString()).toBe(expected);
  });

  it.each(['1.234', '1e3', '1000000000000', '', 'abc', '1.', '.5', '1,000.00', 'NaN', 'Infinity', 1.005, 1e21, Number.NaN, null, true])(
    '%p is refused',
    (input) => expect(parseMoney(input)).toBeNull(),
  );
});

describe('formatMoney', () => {
  it.each([
    ['1250', '1250.00'],
    ['0.1', '0.10'],
    ['-0', '0.00'],
    ['-12.5', '-12.50'],
    ['0.005', '0.01'], // half-up
    ['-0.005', '-0.01'],
    ['-0.004', '0.00'],
    ['1250.00', '1250.00'], // PostgreSQL's text of a numeric(18,2): printed as is
    ['-0.00', '0.00'],
    ['007.50', '7.50'], // not canonical: through decimal
    ['-12.50', '-12.50'],
  ])('%s prints %s', (value, expected) => expect(formatMoney(value)).toBe(expected));

  it.each([
    ['1250', '1250.00'],
    ['-0', '0.00'],
    ['-0.001', '0.00'], // rounds to zero: no sign
    ['0.005', '0.01'],
    ['-12.345', '-12.35'], // half-up is away from zero
    ['9999999999999999.995', '10000000000000000.00'],
  ])('the decimal %s prints %s', (value, expected) => expect(formatMoney(new Decimal(value))).toBe(expected));

  it('prints the Prisma client\'s decimals (its own copy of decimal.js) the same way', () => {
    expect(formatMoney(new Prisma.Decimal('-0.004'))).toBe('0.00');
    expect(formatMoney(new Prisma.Decimal('1250.1'))).toBe('1250.10');
  });
});

it('sums exactly where floats drift', () => {
  expect(formatMoney(sumMoney(['0.10', '0.20', '0.30']))).toBe('0.60'); // 0.1 + 0.2 + 0.3 = 0.6000000000000001
  expect(sumMoney(Array(1000).fill('0.01'))).toBe('10.00');
});

it.each([
  [['0.10', '0.20', '0.30'], '0.6'],
  [['-0.05', '0.04'], '-0.01'],
  [['999999999999999.99', '999999999999999.99', '999999999999999.99', '999999999999999.99', '999999999999999.99',
    '999999999999999.99', '999999999999999.99', '999999999999999.99', '999999999999999.99', '999999999999999.99'], '9999999999999999.9'], // past 2^53 cents
  [['9999999999999999.99', '0.01'], '10000000000000000'], // too long for cents: decimals
  [['1.5', '0.25', new Decimal('0.001')], '1.751'], // not printed money: decimals
  [[], '0'],
])('sumMoney(%j) is exactly %s', (values, expected) => expect(new Decimal(sumMoney(values)).toString()).toBe(expected));

it.each([
  ['1250.00', '1000.50', '249.5'],
  ['0.00', '0.01', '-0.01'],
  ['-0.00', '0.00', '0'],
  ['9999999999999999.99', '0.01', '9999999999999999.98'],
  ['1.5', '0.25', '1.25'],
])('subtractMoney(%s, %s) is exactly %s', (a, b, expected) => expect(new Decimal(subtractMoney(a, b)).toString()).toBe(expected));

it.each([
  [['0.10', '0.20', '0.30'], '0.60'],
  [['-0.05', '0.04'], '-0.01'],
  [['-0.05', '0.05'], '0.00'],
  [['0.07'], '0.07'],
  [['-1234.5'], '-1234.5'], // not printed money: a decimal, exact
])('printed amounts sum to printed text: sumMoney(%j) is %j', (values, expected) => expect(sumMoney(values).toString()).toBe(expected));
