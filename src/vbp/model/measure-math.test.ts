import Decimal from 'decimal.js';
import {
  benchmarkAsFloat, benchmarkTenThousandths, gapToBenchmarkOf, normalizeMeasureCode, PerformanceLevel, performanceLevelOf, rateOf, storedBenchmark,
} from './measure-math';

describe('rateOf', () => {
  it.each([
    { numerator: 3, denominator: 160, expected: 0.0188 }, // 0.01875 half-up; toFixed(4) gives 0.0187
    { numerator: 1, denominator: 3, expected: 0.3333 },
    { numerator: 2, denominator: 3, expected: 0.6667 },
    { numerator: 0, denominator: 7, expected: 0 },
    { numerator: 7, denominator: 7, expected: 1 },
    { numerator: 1, denominator: 20000, expected: 0.0001 }, // 0.00005 rounds up
    { numerator: 1, denominator: 20001, expected: 0 },
    { numerator: 2147483646, denominator: 2147483647, expected: 1 },
    { numerator: 1, denominator: 2147483647, expected: 0 },
    { numerator: 1073741823, denominator: 2147483647, expected: 0.5 }, // 0.49999999976… rounds up at the 4th place
    { numerator: 5, denominator: 8, expected: 0.625 },
    { numerator: 1, denominator: 6, expected: 0.1667 },
    { numerator: 12345, denominator: 100000, expected: 0.1235 }, // exactly half at the 5th place: up
    { numerator: 12344, denominator: 100000, expected: 0.1234 },
  ])('$numerator/$denominator is $expected', ({ expected, ...counts }) => {
    expect(rateOf(counts)).toBe(expected);
  });
});

describe('performanceLevelOf', () => {
  it.each([
    { numerator: 3, denominator: 4, benchmark: '0.75', expected: PerformanceLevel.EXCEEDED }, // meeting it counts
    { numerator: 55, denominator: 100, benchmark: '0.55', expected: PerformanceLevel.EXCEEDED }, // float: 0.55*100 = 55.00000000000001
    { numerator: 29, denominator: 100, benchmark: '0.29', expected: PerformanceLevel.EXCEEDED }, // float: 0.29*100 = 28.999999999999996
    { numerator: 2, denominator: 3, benchmark: '0.6667', expected: PerformanceLevel.NOT_MET },
    { numerator: 0, denominator: 5, benchmark: '0', expected: PerformanceLevel.EXCEEDED },
    { numerator: 4, denominator: 5, benchmark: '1', expected: PerformanceLevel.NOT_MET },
    { numerator: 5, denominator: 5, benchmark: '1.0000', expected: PerformanceLevel.EXCEEDED },
    { numerator: 2147483647, denominator: 2147483647, benchmark: '1', expected: PerformanceLevel.EXCEEDED },
    { numerator: 1073741824, denominator: 2147483647, benchmark: '0.5', expected: PerformanceLevel.EXCEEDED },
    { numerator: 1073741823, denominator: 2147483647, benchmark: '0.5', expected: PerformanceLevel.NOT_MET },
  ])('$numerator/$denominator against $benchmark is $expected', ({ expected, ...scored }) => {
    expect(performanceLevelOf(scored)).toBe(expected);
  });
});

describe('gapToBenchmarkOf', () => {
  it.each([
    { numerator: 3, denominator: 4, benchmark: '0.75', expected: 0 },
    { numerator: 10, denominator: 100, benchmark: '0.55', expected: 45 },
    { numerator: 0, denominator: 3, benchmark: '0.5', expected: 2 }, // ceil(1.5)
    { numerator: 1, denominator: 3, benchmark: '0.3334', expected: 1 }, // ceil(1.0002) = 2, minus 1
    { numerator: 9, denominator: 10, benchmark: '0.5', expected: 0 }, // never negative
    { numerator: 28, denominator: 100, benchmark: '0.29', expected: 1 }, // float would ceil 28.999… to 29 too, exact gives 29
  ])('$numerator/$denominator against $benchmark needs $expected more', ({ expected, ...scored }) => {
    expect(gapToBenchmarkOf(scored)).toBe(expected);
  });
});

describe('storedBenchmark', () => {
  it.each([
    { value: 0.75, expected: '0.7500' },
    { value: 0.12345, expected: '0.1235' }, // half-up of the shortest form; the double is 0.12344999…
    { value: 0.00005, expected: '0.0001' }, // String(x) is "0.00005"
    { value: 1, expected: '1.0000' },
    { value: 0, expected: '0.0000' },
    { value: 0.99995, expected: '1.0000' },
    { value: 1.00004, expected: null }, // range is checked before rounding
    { value: -0.0001, expected: null },
    { value: Number.NaN, expected: null },
    { value: Number.POSITIVE_INFINITY, expected: null },
  ])('$value is stored as $expected', ({ value, expected }) => {
    expect(storedBenchmark(value)).toBe(expected);
  });

  it('reads back as the Float of the stored decimal', () => {
    expect(benchmarkAsFloat('0.1235')).toBe(0.1235);
  });
});

describe('benchmarkTenThousandths', () => {
  it.each([['0.7500', 7500], ['1.0000', 10000], ['0', 0], ['1', 10000], ['0.0001', 1], ['0.5', 5000], ['0.1235', 1235]])(
    '%s is %i', (text, expected) => expect(benchmarkTenThousandths(text)).toBe(expected),
  );

  it('reads a decimal object (as rows hold them) the same, every time it is asked', () => {
    const benchmark = new Decimal('0.7500');
    expect([benchmarkTenThousandths(benchmark), benchmarkTenThousandths(benchmark)]).toEqual([7500, 7500]);
    expect(benchmarkTenThousandths(new Decimal('0.1235'))).toBe(1235);
  });

  it('reads the same text the same every time (the batch loaders pass PostgreSQL\'s text)', () => {
    expect([benchmarkTenThousandths('0.8125'), benchmarkTenThousandths('0.8125'), benchmarkTenThousandths('0.81')]).toEqual([8125, 8125, 8100]);
  });
});

it.each([
  ['HEDIS_AMM', 'amm'], ['hedis_amm', 'amm'], ['AMM', 'amm'], ['HEDIS_HEDIS_AMM', 'hedis_amm'], ['XHEDIS_AMM', 'xhedis_amm'],
])('%s matches as %s', (id, code) => expect(normalizeMeasureCode(id)).toBe(code));
