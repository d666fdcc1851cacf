import { formatMoney } from '../../domain/money';
import { summarize } from './program-summary';

it.each([
  {
    name: 'empty program',
    measures: [], payments: [],
    expected: { measureCount: 0, exceededCount: 0, notMetCount: 0, earned: '0.00', paid: '0.00', outstanding: '0.00' },
  },
  {
    name: 'exact boundary and float-prone sums',
    measures: [
      { numerator: 3, denominator: 4, benchmark: '0.7500' },
      { numerator: 2, denominator: 3, benchmark: '0.6667' },
      { numerator: 55, denominator: 100, benchmark: '0.5500' },
    ],
    payments: [
      { earnedAmount: '0.10', paidAmount: '0.00' },
      { earnedAmount: '0.20', paidAmount: '0.30' },
    ],
    expected: { measureCount: 3, exceededCount: 2, notMetCount: 1, earned: '0.30', paid: '0.30', outstanding: '0.00' },
  },
  {
    name: 'overpaid',
    measures: [],
    payments: [{ earnedAmount: '1000.00', paidAmount: '1250.50' }],
    expected: { measureCount: 0, exceededCount: 0, notMetCount: 0, earned: '1000.00', paid: '1250.50', outstanding: '-250.50' },
  },
])('$name', ({ measures, payments, expected }) => {
  const s = summarize(measures, payments);
  expect({
    measureCount: s.measureCount, exceededCount: s.exceededCount, notMetCount: s.notMetCount,
    earned: formatMoney(s.earnedTotal), paid: formatMoney(s.paidTotal), outstanding: formatMoney(s.outstandingTotal),
  }).toEqual(expected);
});
