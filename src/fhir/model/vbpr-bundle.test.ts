import { fixtureBundle, measureRow, paymentRow, programRow, termsRow } from '../../../test/fhir/vbpr-fixtures';
import { writeFhirJson } from './fhir-decimal-json';
import { hedisCode, machineName, payerResourceId } from './vbpr-program-measure';
import { EXT } from './vbpr-urls';

const resources = (b: any): any[] => b.entry.map((e: any) => e.resource);
const performance = (b: any) => resources(b).find((r) => r.id.startsWith('vbp-performance-'));
const qualities = (b: any) => resources(b).filter((r) => r.id.startsWith('vbp-quality-'));
const gapOf = (report: any) => report.extension.find((e: any) => e.url === EXT.threshold).extension.find((e: any) => e.url === 'gapToThreshold').valueDecimal;
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

describe('version 2: canonicals, gaps, service periods, money text', () => {
  it.each([
    ['a versioned canonical, as stored', 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000', 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000'],
    ['an unversioned one, with the year of periodStart', 'http://ncqa.org/fhir/Measure/BCS-E', 'http://ncqa.org/fhir/Measure/BCS-E|2025'],
    ['a urn, with the year', 'urn:oid:2.16.840.1.113883.3.464.1003.198', 'urn:oid:2.16.840.1.113883.3.464.1003.198|2025'],
    ['none: our hedis- form', null, 'https://pm.example.test/fhir/Measure/hedis-BCS|2025'],
  ])('the quality report names %s', (_what, canonical, measure) => {
    const [quality] = qualities(fixtureBundle({ measures: [measureRow({ measureId: 'HEDIS_BCS', canonical })] }));
    expect(quality.measure).toBe(measure);
  });

  it.each([
    { numerator: 3, denominator: 4, benchmark: '0.7500', gap: 0 }, // exactly at the benchmark
    { numerator: 1, denominator: 3, benchmark: '0.5000', gap: 1 }, // 1.5 events: 2 needed
    { numerator: 55, denominator: 100, benchmark: '0.5500', gap: 0 }, // float: 0.55 x 100 > 55
    { numerator: 0, denominator: 5, benchmark: '0.5000', gap: 3 },
    { numerator: 22, denominator: 32, benchmark: '0.7800', gap: 3 }, // the IG's quality report 30
    { numerator: 2_147_483_646, denominator: 2_147_483_647, benchmark: '1.0000', gap: 1 },
  ])('gapToThreshold is the count of events: $numerator/$denominator at $benchmark needs $gap', ({ gap, ...counts }) => {
    const [quality] = qualities(fixtureBundle({ measures: [measureRow(counts)] }));
    expect(gapOf(quality)).toBe(gap);
  });

  it('gives every Performance group the program period as its service-period', () => {
    const program = programRow({ periodStart: new Date('2024-07-01T00:00:00Z'), periodEnd: new Date('2025-06-30T00:00:00Z') });
    const groups = performance(fixtureBundle({ program, terms: termsRow() })).group;
    expect(groups).toHaveLength(5);
    for (const group of groups) {
      expect(group.extension.filter((e: any) => e.url === EXT.servicePeriod)).toEqual([{ url: EXT.servicePeriod, valuePeriod: { start: '2024-07-01', end: '2025-06-30' } }]);
    }
  });

  it('writes each Money value with its 2 decimals in the FHIR JSON text', () => {
    const bundle = fixtureBundle({ payments: [paymentRow('1000.30', '500.00'), paymentRow('0.10', '0.00')] });
    const text = writeFhirJson(bundle);
    expect(text).toContain('"valueMoney":{"value":1000.40,"currency":"USD"}');
    expect(text).toContain('"valueMoney":{"value":500.00,"currency":"USD"}');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(bundle)));
  });
});

describe('incentive terms groups', () => {
  const metric = (b: any, code: string) => performance(b).group.find((g: any) => g.code.coding[0].code === code);
  const codes = (b: any) => performance(b).group.map((g: any) => g.code.coding[0].code);
  const amount = (b: any, code: string) => metric(b, code).measureScore.extension[0].valueMoney;
  // BCS 3/4 at 0.75 is EXCEEDED, CDC 1/3 at 0.5 NOT_MET: half the weight exceeded, 500.00 at stake each.
  it.each([
    { gate: '0.5', upside: 500, downside: 0, percent: 50 }, // met exactly at the boundary
    { gate: '0.5001', upside: 1000, downside: 250, percent: 50.01 },
    { gate: '0', upside: 500, downside: 0, percent: 0 },
    { gate: null, upside: 500, downside: 0, percent: undefined },
  ])('with the gate at $gate: upside $upside, downside $downside', ({ gate, upside, downside, percent }) => {
    const bundle = fixtureBundle({ terms: termsRow({ qualityGate: gate }) });
    expect(amount(bundle, 'potential-upside-qip')).toEqual({ value: upside, currency: 'USD' });
    expect(amount(bundle, 'potential-downside-qip')).toEqual({ value: downside, currency: 'USD' });
    const gates = percent === undefined ? [] : ['quality-gate-percentage'];
    expect(codes(bundle)).toEqual(['earned-incentive', 'incentive-paid', 'potential-upside-qip', 'potential-downside-qip', ...gates]);
    if (percent !== undefined) {
      expect(metric(bundle, 'quality-gate-percentage').measureScore).toEqual({ value: percent, unit: '%', system: 'http://unitsofmeasure.org', code: '%' });
    }
  });

  it('weights and rounds as the forecast does, and writes the cents', () => {
    const terms = termsRow({ maxIncentive: '1000.00', qualityGate: null, measureWeights: [{ measureId: 'BCS', weight: '1' }, { measureId: 'HEDIS_CDC', weight: '2' }] });
    const bundle = fixtureBundle({ terms });
    expect(amount(bundle, 'potential-upside-qip')).toEqual({ value: 666.67, currency: 'USD' }); // 1000 - 333.33
    expect(writeFhirJson(metric(bundle, 'potential-downside-qip'))).toContain('"value":0.00');
  });

  it('has no incentive groups without terms', () => {
    expect(codes(fixtureBundle())).toEqual(['earned-incentive', 'incentive-paid']);
  });
});
