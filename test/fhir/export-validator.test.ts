import { checkVbprBundle, type VbprRule } from '../../src/fhir/model/vbpr-check';
import { addMeasure, createProgram, recordPayment } from '../helpers/factories';
import { DEQM_INVARIANTS, deqmViolations, r4Errors } from '../helpers/fhir-r4';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { exportBundle, getFhir, MEASURES, qualityReportsOf, resourcesOf, seedProgram } from './vbpr-api';

/**
 * The second opinion (issue 14): every exported Bundle read by Medplum's base
 * R4 validator and by the DEQM invariants in FHIRPath, independently of our
 * own checker. Neither knows the VBPR, DEQM or US Core profiles as such.
 */
let app: TestApp;
const bundles: [string, any][] = [];

beforeAll(async () => {
  app = await startTestApp();
  const org = await newOrg();
  const SET_TERMS = 'mutation ($programId: ID!, $input: IncentiveTermsInput) { setIncentiveTerms(programId: $programId, input: $input) { id } }';

  const full = await seedProgram(app, org.admin);
  await addMeasure(app, org.admin, full.id, { measureId: 'EXM125', canonical: 'http://hl7.org/fhir/us/cqfmeasures/Measure/EXM125-FHIR|8.0.000', numerator: 22, denominator: 32, benchmark: 0.78 });
  await addMeasure(app, org.admin, full.id, { measureId: 'ZZ', canonical: 'urn:oid:2.16.840.1.113883.3.464.1003.198' });
  const terms = { maxIncentive: '10000.00', qualityGate: 0.6667, atRiskAmount: '2500.40', measureWeights: [{ measureId: 'BCS', weight: 3 }, { measureId: 'EXM125', weight: 1.5 }] };
  expect((await app.gql(SET_TERMS, { programId: full.id, input: terms }, org.admin)).errors).toBeUndefined();
  bundles.push(['a program with a payer, measures, payments and gated terms', await exportBundle(app, org.staff, full.id, { organizationName: 'Good Health Clinic' })]);
  bundles.push(['the same over REST', (await getFhir(app, `/fhir/vbpr/Program/${full.id}`, org.staff)).body]);

  const alone = await createProgram(app, org.admin, { contractType: 'OTHER', periodStart: '2024-07-01', periodEnd: '2025-06-30', measurementPeriod: 'Custom' });
  await addMeasure(app, org.admin, alone.id, { measureId: 'CBP', numerator: 0, denominator: 1, benchmark: 0 });
  await recordPayment(app, org.admin, alone.id, { earnedAmount: '0.10', paidAmount: '0.00' });
  expect((await app.gql(SET_TERMS, { programId: alone.id, input: { maxIncentive: '0.00' } }, org.admin)).errors).toBeUndefined();
  bundles.push(['a program without a payer, with ungated terms and a benchmark of 0', await exportBundle(app, org.staff, alone.id)]);

  const bare = await createProgram(app, org.admin, { contractType: 'CAPITATION' });
  bundles.push(['a program without measures, payments or terms', await exportBundle(app, org.staff, bare.id)]);
});
afterAll(async () => { await app.close(); });

describe('every exported Bundle, read by an independent validator', () => {
  it('holds what each case names', () => {
    const [full, , alone, bare] = bundles.map(([, b]) => b);
    expect(qualityReportsOf(full)).toHaveLength(MEASURES.length + 2);
    const codes = (b: any) => resourcesOf(b).at(-1).group.map((g: any) => g.code.coding[0].code);
    expect(codes(full)).toEqual(['earned-incentive', 'incentive-paid', 'potential-upside-qip', 'potential-downside-qip', 'quality-gate-percentage']);
    expect(codes(alone)).toEqual(['earned-incentive', 'incentive-paid', 'potential-upside-qip', 'potential-downside-qip']);
    expect(resourcesOf(bare).map((r) => r.resourceType)).toEqual(['Organization', 'Measure', 'MeasureReport']);
  });

  it.each([0, 1, 2, 3])('case %i is valid base FHIR R4, the Bundle and each resource: zero errors', (i) => {
    const [, bundle] = bundles[i];
    expect(r4Errors(bundle)).toEqual([]);
    for (const resource of resourcesOf(bundle)) expect([resource.id, r4Errors(resource)]).toEqual([resource.id, []]);
  });

  it.each([0, 1, 2, 3])('case %i: every quality report holds every DEQM invariant the checker names', (i) => {
    const [, bundle] = bundles[i];
    for (const report of qualityReportsOf(bundle)) expect([report.id, deqmViolations(report)]).toEqual([report.id, []]);
  });
});

describe('the second opinion is no rubber stamp', () => {
  type Json = any;
  const copy = () => JSON.parse(JSON.stringify(bundles[0][1]));
  const first = (b: Json) => qualityReportsOf(b)[0];
  const scoring = (code: string) => ({ url: 'http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-measureScoring', valueCodeableConcept: { coding: [{ code }] } });
  const dropReportScoring = (r: Json) => { r.extension = r.extension.filter((e: Json) => !e.url.endsWith('extension-measureScoring')); };

  /** One tampering per invariant: FHIRPath finds it, and our checker reports the rule of the same name. */
  const TAMPERED: { invariant: string; breakIt: (report: Json) => void }[] = [
    { invariant: 'deqm-0', breakIt: (r) => { r.measure = r.measure.split('|')[0]; } },
    { invariant: 'deqm-1', breakIt: (r) => { r.period.start = '2025-01'; } },
    { invariant: 'deqm-2', breakIt: (r) => { delete r.improvementNotation; } },
    { invariant: 'deqm-3', breakIt: (r) => { r.group[0].extension = [scoring('proportion'), { url: 'http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-groupImprovementNotation', valueCodeableConcept: { coding: [{ code: 'increase' }] } }]; } },
    { invariant: 'deqm-4', breakIt: (r) => { dropReportScoring(r); r.group[0].extension = [scoring('proportion')]; } },
    { invariant: 'deqm-5', breakIt: (r) => { delete r.group[0].population; } },
    { invariant: 'deqm-6', breakIt: (r) => { r.group[0].measureScore.value = 1.5; } },
    { invariant: 'deqm-8', breakIt: (r) => { r.group[0].population[0].extension = [{ url: 'http://hl7.org/fhir/StructureDefinition/measurereport-countQuantity', valueQuantity: { value: 4 } }]; } },
  ];

  it('has a tampering for every invariant', () => expect(TAMPERED.map((t) => t.invariant)).toEqual(Object.keys(DEQM_INVARIANTS)));

  it.each(TAMPERED)('$invariant: FHIRPath and the checker both find it', ({ invariant, breakIt }) => {
    const bundle = copy();
    breakIt(first(bundle));
    expect(deqmViolations(first(bundle)).map((v) => v.split(' ')[0])).toContain(invariant);
    expect(checkVbprBundle(bundle).map((i) => i.rule)).toContain(invariant as VbprRule);
  });

  it.each([
    ['a count that is no integer', (b: Json) => { first(b).group[0].population[0].count = 2.5; }],
    ['an element R4 does not have', (b: Json) => { first(b).group[0].measureScore.currency = 'USD'; }],
    ['a date in no FHIR format', (b: Json) => { first(b).period.end = '31/12/2025'; }],
    ['a Money value given as text', (b: Json) => { resourcesOf(b).at(-1).group[0].measureScore.extension[0].valueMoney.value = '1000.40'; }],
  ])('base R4 validation refuses %s', (_what, breakIt) => {
    const bundle = copy();
    breakIt(bundle);
    expect(r4Errors(bundle).length).toBeGreaterThan(0);
  });
});
