import { earnedIncentiveOf, quantityCurrency } from './vbpr-earned-incentive';

const VBPR = 'http://hl7.org/fhir/us/davinci-vbpr';
const earned = (measureScore: unknown) => ({ code: { coding: [{ system: `${VBPR}/CodeSystem/vbp-performance-metric`, code: 'earned-incentive' }] }, measureScore });
const money = (value: unknown, currency: unknown = 'USD') =>
  ({ extension: [{ url: `${VBPR}/StructureDefinition/alternate-measurescore`, valueMoney: { value, currency } }] });

describe('quantityCurrency', () => {
  it.each([
    [{ value: 11900 }, { usd: true }],
    [{ value: 1, unit: 'USD' }, { usd: true }],
    [{ value: 1, code: 'USD', system: 'urn:iso:std:iso:4217' }, { usd: true }],
    [{ value: 1, unit: '$' }, { usd: true }],
    [{ value: 1, code: '$', unit: 'USD' }, { usd: true }],
    [{ value: 1, unit: '  ' }, { usd: true }], // blank is no unit
    [{ value: 80, code: '%', system: 'http://unitsofmeasure.org' }, { usd: false, unit: '%' }],
    [{ value: 1, code: 'EUR' }, { usd: false, unit: 'EUR' }],
    [{ value: 1, code: 'usd' }, { usd: false, unit: 'usd' }], // ISO 4217 and UCUM codes are case-sensitive
    [{ value: 1, code: '%', unit: 'USD' }, { usd: false, unit: '%' }], // contradicts itself
    [{ value: 1, code: 'USD', unit: 'dollars' }, { usd: false, unit: 'dollars' }],
  ])('%j → %j', (quantity, expected) => expect(quantityCurrency(quantity)).toEqual(expected));
});

describe('earnedIncentiveOf', () => {
  const AT = 'Bundle.entry[0].resource';
  it.each([
    { case: 'Money in USD', groups: [earned(money(500))], amount: '500.00', warnings: [] },
    { case: 'a plain measureScore (report 101: 11900)', groups: [earned({ value: 11900 })], amount: '11900.00', warnings: [] },
    { case: 'a Quantity in $', groups: [earned({ value: 1000.4, unit: '$' })], amount: '1000.40', warnings: [] },
    { case: 'a Quantity in USD, 0.1 + 0.2 summed exactly', groups: [earned({ value: 0.1, code: 'USD' }), earned({ value: 0.2, code: 'USD' })], amount: '0.30',
      warnings: [`${AT} has 2 earned-incentive groups; their sum is compared`] },
    { case: 'Money wins over a plain value beside it', groups: [earned({ value: 1, ...money(2) })], amount: '2.00', warnings: [] },
    { case: 'a Quantity in %', groups: [earned({ value: 80, code: '%', system: 'http://unitsofmeasure.org' })], amount: null,
      warnings: [`${AT}.group[0] (earned-incentive) is a Quantity in "%", not money; it is not compared`, `${AT} has no earned-incentive total`] },
    { case: 'a Quantity in % beside one in USD', groups: [earned({ value: 80, code: '%' }), earned({ value: 5 })], amount: '5.00',
      warnings: [`${AT}.group[0] (earned-incentive) is a Quantity in "%", not money; it is not compared`] },
    { case: 'Money in EUR', groups: [earned(money(5, 'EUR'))], amount: null,
      warnings: [`${AT}.group[0] (earned-incentive) is in "EUR", not USD; it is not compared`, `${AT} has no earned-incentive total`] },
    { case: 'neither Money nor a value', groups: [earned({})], amount: null,
      warnings: [`${AT}.group[0] (earned-incentive) has neither a Money score nor a measureScore value`, `${AT} has no earned-incentive total`] },
    { case: 'no earned-incentive group (reports 102 and 103)', groups: [], amount: null, warnings: [`${AT} has no earned-incentive total`] },
    { case: 'more than 2 decimals, half-up', groups: [earned({ value: 10.005 })], amount: '10.01',
      warnings: [`${AT}.group[0] (earned-incentive) has more than 2 decimals; rounded half-up to cents`] },
    { case: 'strata are not added', groups: [{ ...earned({ value: 100 }), stratifier: [{ stratum: [{ measureScore: { value: 60 } }, { measureScore: { value: 40 } }] }] }],
      amount: '100.00', warnings: [] },
  ])('$case', ({ groups, amount, warnings }) => {
    const found: string[] = [];
    const result = earnedIncentiveOf({ resourceType: 'MeasureReport', group: groups }, AT, found);
    expect(result === null ? null : result.toFixed(2)).toBe(amount);
    expect(found).toEqual(warnings);
  });

  it('refuses Money whose value is no number, naming the element', () => {
    expect(() => earnedIncentiveOf({ group: [earned(money('500'))] }, AT, []))
      .toThrow(`report: ${AT}.group[0].measureScore.extension.valueMoney.value must be a number`);
  });
});
