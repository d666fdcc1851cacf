import { addMeasure, createProgram, recordPayment } from '../helpers/factories';
import { startTestApp, TEST_PUBLIC_BASE_URL, type TestApp } from '../helpers/server';
import { newOrg, type TestOrg } from '../helpers/tokens';
import { exportBundle, getFhir, MEASURES, performanceOf, qualityReportFor, seedProgram } from './vbpr-api';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

/** Contract README, FHIR: "Round trip with the IG's own reports (version 2)", the export's side. */
const SERVICE_PERIOD = 'http://hl7.org/fhir/us/davinci-vbpr/StructureDefinition/service-period';
const THRESHOLD = 'http://hl7.org/fhir/us/davinci-vbpr/StructureDefinition/threshold';
const SET_TERMS = 'mutation ($programId: ID!, $input: IncentiveTermsInput) { setIncentiveTerms(programId: $programId, input: $input) { id } }';
const FORECAST = 'query ($id: ID!) { program(id: $id) { incentiveForecast { potentialUpside potentialDownside } measures { measureId gapToBenchmark } } }';

const gapOf = (report: any) => report.extension.find((e: any) => e.url === THRESHOLD).extension.find((e: any) => e.url === 'gapToThreshold').valueDecimal;
const groupCoded = (bundle: any, code: string) => performanceOf(bundle).group.find((g: any) => g.code.coding[0].code === code);
const moneyOf = (bundle: any, code: string) => groupCoded(bundle, code)?.measureScore.extension[0].valueMoney;

async function setTerms(org: TestOrg, programId: string, input: Record<string, unknown> | null) {
  const res = await app.gql(SET_TERMS, { programId, input }, org.admin);
  expect(res.errors).toBeUndefined();
}

describe('vbprBundle, version 2', () => {
  it('names each quality report by its measure’s canonical, versioned with the year when it has none', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin, { periodStart: '2024-07-01', periodEnd: '2025-06-30', measurementPeriod: 'Custom' });
    await addMeasure(app, org.admin, program.id, { measureId: 'BCS', canonical: '  http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000 ' });
    await addMeasure(app, org.admin, program.id, { measureId: 'CBP', canonical: 'https://ncqa.org/fhir/Measure/CBP' });
    await addMeasure(app, org.admin, program.id, { measureId: 'HEDIS_COL' });
    const bundle = await exportBundle(app, org.staff, program.id);
    expect(['BCS', 'CBP', 'HEDIS_COL'].map((id) => qualityReportFor(bundle, id).measure)).toEqual([
      'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000',
      'https://ncqa.org/fhir/Measure/CBP|2024',
      `${TEST_PUBLIC_BASE_URL}/fhir/Measure/hedis-COL|2024`,
    ]);
  });

  it('writes each measure’s gapToBenchmark as its gapToThreshold, a count of numerator events', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin);
    const bundle = await exportBundle(app, org.staff, program.id);
    const { measures } = (await app.gql(FORECAST, { id: program.id }, org.staff)).data.program;
    expect(measures).toHaveLength(MEASURES.length);
    for (const m of measures) expect([m.measureId, gapOf(qualityReportFor(bundle, m.measureId))]).toEqual([m.measureId, m.gapToBenchmark]);
    expect(measures.some((m: any) => m.gapToBenchmark > 1)).toBe(true); // HEDIS_CDC, 0 of 5 at 0.5: 3 events
  });

  it('gives every Performance group the program’s period as its service-period', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 2));
    await setTerms(org, program.id, { maxIncentive: '100.00', qualityGate: 0.5 });
    const groups = performanceOf(await exportBundle(app, org.staff, program.id)).group;
    expect(groups).toHaveLength(5);
    for (const g of groups) expect(g.extension.filter((e: any) => e.url === SERVICE_PERIOD)).toEqual([{ url: SERVICE_PERIOD, valuePeriod: { start: '2025-01-01', end: '2025-12-31' } }]);
  });
});

describe('the incentive terms in the Performance report', () => {
  it.each([
    { what: 'the gate met', gate: 0.5, percent: 50 },
    { what: 'the gate missed', gate: 0.6667, percent: 66.67 },
    { what: 'no gate', gate: null, percent: undefined },
  ])('carries the forecast’s upside and downside to the cent, with $what', async ({ gate, percent }) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    await addMeasure(app, org.admin, program.id, { measureId: 'BCS', numerator: 3, denominator: 4, benchmark: 0.75 }); // EXCEEDED
    await addMeasure(app, org.admin, program.id, { measureId: 'CDC', numerator: 1, denominator: 3, benchmark: 0.5 });
    await addMeasure(app, org.admin, program.id, { measureId: 'COL', numerator: 0, denominator: 3, benchmark: 0.5 });
    await setTerms(org, program.id, {
      maxIncentive: '1000.00', qualityGate: gate, atRiskAmount: '123.45', measureWeights: [{ measureId: 'BCS', weight: 2 }, { measureId: 'CDC', weight: 1 }, { measureId: 'COL', weight: 1 }],
    });
    const { incentiveForecast } = (await app.gql(FORECAST, { id: program.id }, org.staff)).data.program;
    const bundle = await exportBundle(app, org.staff, program.id);
    expect(moneyOf(bundle, 'potential-upside-qip')).toEqual({ value: Number(incentiveForecast.potentialUpside), currency: 'USD' });
    expect(moneyOf(bundle, 'potential-downside-qip')).toEqual({ value: Number(incentiveForecast.potentialDownside), currency: 'USD' });
    expect(incentiveForecast.potentialDownside).toBe(gate === 0.6667 ? '123.45' : '0.00');
    const gateGroup = groupCoded(bundle, 'quality-gate-percentage');
    if (percent === undefined) expect(gateGroup).toBeUndefined();
    else expect(gateGroup.measureScore).toEqual({ value: percent, unit: '%', system: 'http://unitsofmeasure.org', code: '%' });

    const rest = await getFhir(app, `/fhir/vbpr/Program/${program.id}`, org.staff);
    expect(rest.text).toContain(`"valueMoney":{"value":${incentiveForecast.potentialUpside},"currency":"USD"}`);
    expect(rest.text).toContain(`"valueMoney":{"value":${incentiveForecast.potentialDownside},"currency":"USD"}`);
  });

  it('drops the groups when the terms are removed', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 1));
    await setTerms(org, program.id, { maxIncentive: '10.00' });
    expect(moneyOf(await exportBundle(app, org.staff, program.id), 'potential-upside-qip')).toEqual({ value: 0, currency: 'USD' }); // AAB is EXCEEDED
    await setTerms(org, program.id, null);
    const codes = performanceOf(await exportBundle(app, org.staff, program.id)).group.map((g: any) => g.code.coding[0].code);
    expect(codes).toEqual(['earned-incentive', 'incentive-paid']);
  });

  it('reads the terms in one statement, however many measures', async () => {
    const org = await newOrg();
    const one = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 1));
    const many = await seedProgram(app, org.admin, { name: 'Many' }, MEASURES);
    for (const p of [one, many]) await setTerms(org, p.id, { maxIncentive: '500.00', qualityGate: 0.5, atRiskAmount: '50.00' });
    const statementsFor = async (programId: string) => {
      app.db.statements.length = 0;
      await exportBundle(app, org.admin, programId);
      return app.db.statements.length;
    };
    expect(await statementsFor(many.id)).toBe(await statementsFor(one.id));
  });
});

describe('GET /fhir/vbpr/Program/<id>: Money keeps its 2 decimals in the JSON text', () => {
  it('writes 1000.40, 0.10 and 500.00 as such, and GraphQL the same numbers', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin, { payerId: 'payer-42' });
    await recordPayment(app, org.admin, program.id, { earnedAmount: '1000.30', paidAmount: '500.00' });
    await recordPayment(app, org.admin, program.id, { earnedAmount: '0.10', paidAmount: '0.00' });
    const rest = await getFhir(app, `/fhir/vbpr/Program/${program.id}`, org.staff);
    expect(rest.status).toBe(200);
    expect(rest.text).toContain('"valueMoney":{"value":1000.40,"currency":"USD"}');
    expect(rest.text).toContain('"valueMoney":{"value":500.00,"currency":"USD"}');
    expect(rest.text).not.toMatch(/"value":1000\.4[,}]/);

    const bundle = await exportBundle(app, org.staff, program.id);
    expect(moneyOf(bundle, 'earned-incentive')).toEqual({ value: 1000.4, currency: 'USD' });
    expect(moneyOf(rest.body, 'earned-incentive')).toEqual(moneyOf(bundle, 'earned-incentive'));

    const other = await createProgram(app, org.admin, { name: 'Small' });
    await recordPayment(app, org.admin, other.id, { earnedAmount: '0.10', paidAmount: '0.00' });
    const small = await getFhir(app, `/fhir/vbpr/Program/${other.id}`, org.staff);
    expect(small.text).toContain('"valueMoney":{"value":0.10,"currency":"USD"}');
    expect(small.text).toContain('"valueMoney":{"value":0.00,"currency":"USD"}');
  });
});
