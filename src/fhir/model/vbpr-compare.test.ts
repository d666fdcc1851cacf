import { measureRow } from '../../../test/fhir/vbpr-fixtures';
import { compareMeasures, measureKey, rateDifference } from './vbpr-compare';
import type { PayerMeasure } from './vbpr-report-parse';

const payer = (code: string, fields: Partial<PayerMeasure> = {}): PayerMeasure =>
  ({ code, numerator: 3, denominator: 4, score: 0.75, where: `at ${code}`, canonical: null, ...fields });

describe('measureKey', () => {
  it.each([
    ['BCS', 'bcs'], ['HEDIS_BCS', 'bcs'], ['hedis-bcs', 'bcs'], ['Hedis_Bcs', 'bcs'], ['HEDIS-BCS', 'bcs'],
    ['HEDIS_HEDIS_BCS', 'hedis_bcs'], // only one prefix goes
    ['HEDISBCS', 'hedisbcs'], ['hedis.bcs', 'hedis.bcs'], ['SSD.2', 'ssd.2'],
  ])('%s compares as %s', (code, key) => expect(measureKey(code)).toBe(key));
});

describe('rateDifference', () => {
  it.each([
    { payerRate: 0.3, rate: 0.1, expected: 0.2 }, // floats: 0.19999999999999998
    { payerRate: 0.6667, rate: 0.6667, expected: 0 },
    { payerRate: 0, rate: 0.0001, expected: -0.0001 },
    { payerRate: 0.33335, rate: 0, expected: 0.3334 }, // a payer score with 5 decimals rounds half-up
    { payerRate: 0.5, rate: 0.50005, expected: -0.0001 }, // half-up away from zero on a negative tie
    { payerRate: null, rate: 0.5, expected: null },
    { payerRate: 0.5, rate: null, expected: null },
  ])('$payerRate - $rate = $expected', ({ payerRate, rate, expected }) => {
    const difference = rateDifference(payerRate, rate);
    expect(difference).toBe(expected);
    if (expected === 0) expect(Object.is(difference, -0)).toBe(false);
  });
});

describe('compareMeasures', () => {
  it('prefers the measure spelled like the payer’s code when two of ours share a key', () => {
    const plain = measureRow({ measureId: 'BCS' });
    const prefixed = measureRow({ measureId: 'HEDIS_BCS', numerator: 1 });
    const warnings: string[] = [];
    const rows = compareMeasures([plain, prefixed], [payer('hedis_bcs', { numerator: 1 })], warnings);
    expect(rows.map((r) => [r.measureId, r.agrees, r.payerNumerator])).toEqual([['BCS', false, null], ['HEDIS_BCS', true, 1]]);
    expect(warnings).toEqual([]);
  });

  it('compares the first of a measure reported twice and says so', () => {
    const warnings: string[] = [];
    const rows = compareMeasures([measureRow({ measureId: 'BCS' })], [payer('BCS'), payer('hedis-bcs', { numerator: 0 })], warnings);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ payerNumerator: 3, agrees: true });
    expect(warnings).toEqual(['Measure hedis-bcs is reported twice (at BCS, at hedis-bcs); the first is compared']);
  });

  it('orders by measureId in byte order, ours and the payer’s alike', () => {
    const rows = compareMeasures([measureRow({ measureId: 'b' }), measureRow({ measureId: 'C' })], [payer('a'), payer('B2'), payer('_x')], []);
    expect(rows.map((r) => r.measureId)).toEqual(['B2', 'C', '_x', 'a', 'b']);
  });

  it('computes payerRate from the counts when there is no score, and leaves it unknown without a denominator', () => {
    const warnings: string[] = [];
    const rows = compareMeasures([], [payer('A', { score: null, numerator: 1, denominator: 3 }), payer('B', { score: null, denominator: 0, numerator: 0 })], warnings);
    expect(rows.map((r) => r.payerRate)).toEqual([0.3333, null]);
    expect(warnings).toEqual([
      'Unknown measure code A (at A): the program has no such measure',
      'Measure A has no measureScore; payerRate is computed from its counts',
      'Unknown measure code B (at B): the program has no such measure',
      'Measure B has no measureScore and no denominator; payerRate is unknown',
    ]);
  });
});

describe('compareMeasures matches a canonical first (contract v2), then the code', () => {
  const EXM125 = 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR';
  const ours = () => [
    measureRow({ measureId: 'BCS', canonical: `${EXM125}|8.0.000` }),
    measureRow({ measureId: 'COL', canonical: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM130-FHIR' }),
    measureRow({ measureId: 'EXM125-FHIR' }), // a code that the canonical's tail would also meet
    measureRow({ measureId: 'HBA1C', canonical: 'http://example.org/Measure/measure-diabetes-HbA1c|1.0.000' }),
    measureRow({ measureId: 'HBA1C-2023', canonical: 'http://example.org/Measure/measure-diabetes-HbA1c|2023' }),
  ];
  it.each([
    { case: 'url and version equal', canonical: `${EXM125}|8.0.000`, code: 'EXM125-FHIR', matched: 'BCS' },
    { case: 'the payer’s version differs', canonical: `${EXM125}|9.0.000`, code: 'EXM125-FHIR', matched: 'BCS' },
    { case: 'the payer gives no version', canonical: EXM125, code: 'EXM125-FHIR', matched: 'BCS' },
    { case: 'ours has no version', canonical: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM130-FHIR|8.0.000', code: 'EXM130-FHIR', matched: 'COL' },
    { case: 'of two with the url, the one with the version', canonical: 'http://example.org/Measure/measure-diabetes-HbA1c|2023', code: 'x', matched: 'HBA1C-2023' },
    { case: 'of two with the url and another version, the first', canonical: 'http://example.org/Measure/measure-diabetes-HbA1c|2024', code: 'x', matched: 'HBA1C' },
    { case: 'urls compare exactly (case): then the code', canonical: EXM125.toLowerCase(), code: 'EXM125-FHIR', matched: 'EXM125-FHIR' },
    { case: 'no canonical: the code', canonical: null, code: 'hedis-bcs', matched: 'BCS' },
    { case: 'another canonical: then the code', canonical: 'http://payer.example/Measure/BCS|2022', code: 'BCS', matched: 'BCS' },
  ])('$case', ({ canonical, code, matched }) => {
    const warnings: string[] = [];
    const rows = compareMeasures(ours(), [payer(code, { canonical, numerator: 1 })], warnings);
    expect(rows.filter((r) => r.payerNumerator !== null).map((r) => [r.measureId, r.measure?.measureId, r.payerCanonical])).toEqual([[matched, matched, canonical]]);
    expect(warnings).toEqual([]);
  });

  it('a second report on a measure already matched by canonical is a repeat, whatever its code (the IG’s 22–25)', () => {
    const warnings: string[] = [];
    const hba1c = 'http://example.org/Measure/measure-diabetes-HbA1c|1.0.000';
    const rows = compareMeasures(ours().slice(3, 4), [
      payer('measure-diabetes-HbA1c', { canonical: hba1c, where: 'q22', numerator: 3 }),
      payer('measure-diabetes-HbA1c', { canonical: hba1c, where: 'q23' }),
      payer('HBA1C', { canonical: null, where: 'q24' }),
    ], warnings);
    expect(rows.map((r) => [r.measureId, r.payerNumerator, r.payerCanonical])).toEqual([['HBA1C', 3, hba1c]]);
    expect(warnings).toEqual([
      'Measure measure-diabetes-HbA1c is reported twice (q22, q23); the first is compared',
      'Measure HBA1C is reported twice (q22, q24); the first is compared',
    ]);
  });

  it('the same payer-only code twice is a repeat too', () => {
    const warnings: string[] = [];
    const rows = compareMeasures([], [payer('X', { where: 'a' }), payer('hedis_x', { where: 'b' })], warnings);
    expect(rows.map((r) => r.measureId)).toEqual(['X']);
    expect(warnings).toEqual(['Unknown measure code X (a): the program has no such measure', 'Measure hedis_x is reported twice (a, b); the first is compared']);
  });
});
