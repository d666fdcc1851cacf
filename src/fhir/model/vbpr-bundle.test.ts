import { fixtureBundle, measureRow, paymentRow, programRow } from '../../../test/fhir/vbpr-fixtures';
import { hedisCode, machineName, payerResourceId } from './vbpr-program-measure';

const resources = (b: any): any[] => b.entry.map((e: any) => e.resource);
const performance = (b: any) => resources(b).find((r) => r.id.startsWith('vbp-performance-'));
const money = (b: any, groupId: string) => performance(b).group.find((g: any) => g.id === groupId).measureScore.extension[0].valueMoney;

describe('mapping helpers', () => {
  it.each([
    ['MSSP 2025', 'MSSP2025'], ['shared savings – année 2025', 'SharedSavingsAnnee2025'], ['2025 bonus', 'VbpProgram2025Bonus'],
    ['😀', 'VbpProgram'], ['a_b c', 'ABC'],
  ])('machineName(%j) is %j', (title, name) => expect(machineName(title)).toBe(name));

  it.each([['HEDIS_BCS', 'BCS'], ['hedis_bcs', 'bcs'], ['BCS', 'BCS'], ['HEDIS_', 'HEDIS_'], ['hedis-amr', 'hedis-amr']])(
    'hedisCode(%j) is %j', (measureId, code) => expect(hedisCode(measureId)).toBe(code));

  it.each([
    ['payer-42', 'payer-payer-42'],
    ['Blue Cross / Blue Shield', expect.stringMatching(/^payer-[0-9a-f]{40}$/)],
    ['x'.repeat(59), expect.stringMatching(/^payer-[0-9a-f]{40}$/)], // payer- + 59 > 64 characters
  ])('payerResourceId(%j) is a FHIR id', (payerId, id) => {
    expect(payerResourceId(payerId)).toEqual(id);
    expect(payerResourceId(payerId)).toMatch(/^[A-Za-z0-9.-]{1,64}$/);
  });
});

describe('buildVbprBundle', () => {
  it('sums money in decimal and writes a JSON number only from the 2-dp total', () => {
    const payments = [paymentRow('0.10', '0.10'), paymentRow('0.20', '0.05'), paymentRow('999999999999.99', '0.00')];
    const bundle = fixtureBundle({ payments });
    // In floats 0.1 + 0.2 + 999999999999.99 is 1000000000000.2899.
    expect(money(bundle, 'earned-incentive')).toEqual({ value: 1000000000000.29, currency: 'USD' });
    expect(money(bundle, 'incentive-paid')).toEqual({ value: 0.15, currency: 'USD' });
  });

  it.each([
    ['2026-01-01T00:00:00.000Z', 'complete'], // the day after the period
    ['2025-12-31T23:59:59.999Z', 'pending'], // its last day
  ])('reports exported at %s are %s', (now, status) => {
    const bundle = fixtureBundle({ now: new Date(now) });
    expect(resources(bundle).filter((r) => r.resourceType === 'MeasureReport').map((r) => r.status)).toEqual([status, status, status]);
  });

  it('writes the canonical year of periodStart and the export instant as every report date', () => {
    const program = programRow({ periodStart: new Date('2024-07-01T00:00:00Z'), periodEnd: new Date('2025-06-30T00:00:00Z') });
    const bundle = fixtureBundle({ program, measures: [measureRow({ measureId: 'HEDIS_BCS' })], now: new Date('2025-08-01T10:00:00Z') });
    const [quality] = resources(bundle).filter((r) => r.id.startsWith('vbp-quality-'));
    expect(quality.measure).toBe('https://pm.example.test/fhir/Measure/hedis-BCS|2024');
    expect([quality.date, performance(bundle).date, bundle.timestamp]).toEqual(Array(3).fill('2025-08-01T10:00:00.000Z'));
  });

  it('shares no object between two places, so changing one export changes nothing else', () => {
    const first: any = fixtureBundle();
    performance(first).extension[0].valueCodeableConcept.coding[0].code = 'changed';
    performance(first).reporter.display = 'changed';
    const second: any = fixtureBundle();
    expect(performance(second).extension[0].valueCodeableConcept.coding[0].code).toBe('vbp');
    expect(resources(first).filter((r) => r.id.startsWith('vbp-quality-')).map((r) => r.reporter.display)).toEqual(['ABC Payer', 'ABC Payer']);
  });
});
