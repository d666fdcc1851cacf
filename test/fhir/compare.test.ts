import { randomUUID } from 'node:crypto';
import { archiveProgram, createProgram, MEASURE_FIELDS } from '../helpers/factories';
import { codes, type GraphQLResponse, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { COMPARE, exportBundle, getFhir, MEASURES, performanceOf, qualityReportFor, resourcesOf, seedProgram } from './vbpr-api';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const compare = (token: string, programId: string, report: unknown) => app.gql(COMPARE, { programId, report }, token);

/** What the comparison says of a measure present on both sides with the same figures. */
async function agreeingRows(token: string, programId: string) {
  const read = await app.gql(`query ($id: ID!) { program(id: $id) { measures { ${MEASURE_FIELDS} } } }`, { id: programId }, token);
  return read.data.program.measures.map((m: any) => ({
    measureId: m.measureId, measure: { id: m.id, measureId: m.measureId },
    payerNumerator: m.numerator, payerDenominator: m.denominator, payerRate: m.rate,
    numerator: m.numerator, denominator: m.denominator, rate: m.rate, rateDifference: 0, agrees: true,
  }));
}

describe('vbprComparison of a program with its own export', () => {
  it('agrees on every measure, with earnedDifference 0.00 and no warnings', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin);
    const bundle = await exportBundle(app, org.staff, program.id, { payerName: 'ABC Payer' });
    const res = await compare(org.staff, program.id, bundle);
    expect(res.errors).toBeUndefined();
    expect(res.data.vbprComparison).toEqual({
      program: { id: program.id }, reporter: 'ABC Payer', periodStart: '2025-01-01', periodEnd: '2025-12-31',
      measures: await agreeingRows(org.staff, program.id),
      payerEarnedIncentive: '1000.40', earnedTotal: '1000.40', earnedDifference: '0.00', warnings: [],
    });
    expect(res.data.vbprComparison.measures.map((m: any) => m.measureId)).toEqual(MEASURES.map((m) => m.measureId));
  });

  it('agrees with the REST export too, and for an archived program without a payer', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, { payerId: null, measurementPeriod: '2025-Q3' }, MEASURES.slice(0, 4));
    await archiveProgram(app, org.admin, program.id);
    const rest = await getFhir(app, `/fhir/vbpr/Program/${program.id}`, org.admin);
    const res = await compare(org.admin, program.id, rest.body);
    expect(res.errors).toBeUndefined();
    expect(res.data.vbprComparison).toMatchObject({
      reporter: `Organization ${org.orgId}`, periodStart: '2025-07-01', periodEnd: '2025-09-30', earnedDifference: '0.00', warnings: [],
    });
    expect(res.data.vbprComparison.measures.every((m: any) => m.agrees && m.rateDifference === 0)).toBe(true);
  });
});

describe('vbprComparison of a changed report', () => {
  it('shows exactly the measure whose numerator changed as disagreeing', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin);
    const bundle = await exportBundle(app, org.admin, program.id);
    const cbp = qualityReportFor(bundle, 'CBP').group[0];
    cbp.population.find((p: any) => p.code.coding[0].code === 'numerator').count = 1;
    cbp.measureScore.value = 0.3333;

    const res = await compare(org.admin, program.id, bundle);
    expect(res.errors).toBeUndefined();
    const rows = res.data.vbprComparison.measures;
    expect(rows.filter((m: any) => !m.agrees).map((m: any) => m.measureId)).toEqual(['CBP']);
    expect(rows.find((m: any) => m.measureId === 'CBP')).toMatchObject({
      payerNumerator: 1, payerDenominator: 3, payerRate: 0.3333, numerator: 2, denominator: 3, rate: 0.6667, rateDifference: -0.3334, agrees: false,
    });
    expect(res.data.vbprComparison).toMatchObject({ earnedDifference: '0.00', warnings: [] });
  });

  it('reports an earned incentive that differs, in exact decimals', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 1));
    const bundle = await exportBundle(app, org.admin, program.id);
    performanceOf(bundle).group[0].measureScore.extension[0].valueMoney.value = 1000.1;
    const res = await compare(org.admin, program.id, bundle);
    expect(res.data.vbprComparison).toMatchObject({ payerEarnedIncentive: '1000.10', earnedTotal: '1000.40', earnedDifference: '-0.30' });
  });
});

/** A payer's own report: their canonicals and codes, calculated counts, a transaction Bundle, no profiles on the reports. */
function payerBundle() {
  const quality = (id: string, measure: string, populations: [string, number][], extra: Record<string, unknown> = {}) => ({
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'MeasureReport', id, status: 'complete', type: 'summary', measure, date: '2026-01-15', reporter: { reference: 'Organization/payer01' },
      period: { start: '2025-01-01', end: '2025-12-31' },
      group: [{ population: populations.map(([code, count]) => ({ code: { coding: [{ code }] }, count })), ...extra }],
    },
  });
  return {
    resourceType: 'Bundle', type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:payer01', resource: { resourceType: 'Organization', id: 'payer01', active: true, name: 'ABC Health Plan' } },
      // Matched by the canonical's last segment, HEDIS- prefix and case ignored; calculated counts win over plain ones.
      quality('q1', 'http://payer.example/Measure/HEDIS-bcs|2025', [['numerator', 9], ['denominator', 9], ['calculated-numerator', 3], ['calculated-denominator', 4]], { measureScore: { value: 0.75 } }),
      // group.code wins over the canonical; no score, so the rate comes from the counts.
      quality('q2', 'http://payer.example/Measure/other|2025', [['numerator', 1], ['denominator', 3]], { code: { coding: [{ code: 'hedis_aab' }] } }),
      quality('q3', 'http://payer.example/Measure/XYZ|2025', [['numerator', 1], ['denominator', 2]], { measureScore: { value: 0.5 } }),
      {
        fullUrl: 'urn:uuid:perf', resource: {
          resourceType: 'MeasureReport', id: 'perf', status: 'complete', type: 'summary', measure: 'http://payer.example/Measure/contract',
          reporter: { reference: 'urn:uuid:payer01' }, period: { start: '2025-01-01T00:00:00Z', end: '2025-12-31' },
          evaluatedResource: [{ reference: 'urn:uuid:q1' }, { reference: 'urn:uuid:q2' }, { reference: 'urn:uuid:q3' }],
          group: [{ code: { coding: [{ code: 'earned-incentive' }] }, measureScore: { extension: [{
            url: 'http://hl7.org/fhir/us/davinci-vbpr/StructureDefinition/alternate-measurescore', valueMoney: { value: 1200.5, currency: 'USD' },
          }] } }],
        },
      },
    ],
  };
}

describe('vbprComparison of a payer’s report', () => {
  it('matches codes, lists every measure of either side by measureId and warns of what is unusual', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 3)); // AAB, BCS, CBP
    const ids = (await agreeingRows(org.admin, program.id)).map((r: any) => r.measure.id);
    const res = await compare(org.admin, program.id, payerBundle());
    expect(res.errors).toBeUndefined();
    expect(res.data.vbprComparison).toEqual({
      program: { id: program.id }, reporter: 'ABC Health Plan', periodStart: '2025-01-01', periodEnd: '2025-12-31',
      measures: [
        { measureId: 'AAB', measure: { id: ids[0], measureId: 'AAB' }, payerNumerator: 1, payerDenominator: 3, payerRate: 0.3333,
          numerator: 1, denominator: 3, rate: 0.3333, rateDifference: 0, agrees: true },
        { measureId: 'BCS', measure: { id: ids[1], measureId: 'BCS' }, payerNumerator: 3, payerDenominator: 4, payerRate: 0.75,
          numerator: 3, denominator: 4, rate: 0.75, rateDifference: 0, agrees: true },
        { measureId: 'CBP', measure: { id: ids[2], measureId: 'CBP' }, payerNumerator: null, payerDenominator: null, payerRate: null,
          numerator: 2, denominator: 3, rate: 0.6667, rateDifference: null, agrees: false },
        { measureId: 'XYZ', measure: null, payerNumerator: 1, payerDenominator: 2, payerRate: 0.5,
          numerator: null, denominator: null, rate: null, rateDifference: null, agrees: false },
      ],
      payerEarnedIncentive: '1200.50', earnedTotal: '1000.40', earnedDifference: '200.10',
      warnings: [
        'Measure hedis_aab has no measureScore; payerRate is computed from its counts',
        'Unknown measure code XYZ (Bundle.entry[3].resource.group[0]): the program has no such measure',
      ],
    });
  });

  it('stores nothing', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 3));
    const before = await agreeingRows(org.admin, program.id);
    const bundle = await exportBundle(app, org.admin, program.id);
    qualityReportFor(bundle, 'AAB').group[0].population[1].count = 0;
    expect((await compare(org.admin, program.id, bundle)).errors).toBeUndefined();
    expect(await agreeingRows(org.admin, program.id)).toEqual(before);
  });
});

describe('vbprComparison refuses a malformed report with BAD_USER_INPUT on report', () => {
  const expectRefused = (res: GraphQLResponse, element: string | RegExp) => {
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('report');
    expect(res.errors![0].message).toMatch(element);
  };
  const perfIndex = (b: any) => b.entry.findIndex((e: any) => e.resource === performanceOf(b));
  const cases: { what: string; element: string | RegExp; breakIt: (b: any) => unknown }[] = [
    { what: 'an array', element: /JSONObject/, breakIt: (b) => [b] },
    { what: 'a string', element: /JSONObject/, breakIt: () => 'Bundle' },
    { what: 'another resource type', element: 'report: resourceType must be "Bundle"', breakIt: (b) => performanceOf(b) },
    { what: 'a document Bundle', element: 'report: Bundle.type must be', breakIt: (b) => ({ ...b, type: 'document' }) },
    { what: 'no Performance MeasureReport', element: 'report: Bundle.entry holds no VBP Performance MeasureReport',
      breakIt: (b) => ({ ...b, entry: b.entry.filter((e: any) => e.resource !== performanceOf(b)) }) },
    // Contract v2: both on the program's url and period, so neither can be chosen; the candidates are named.
    { what: 'two Performance MeasureReports that cannot be told apart', element: /^report: Bundle\.entry holds 2 VBP Performance MeasureReports and none can be chosen \(2 have measure .* and 2 cover .*\); candidates: [A-Za-z0-9.-]+, again$/,
      breakIt: (b) => ({ ...b, entry: [...b.entry, { resource: { ...performanceOf(b), id: 'again' } }] }) },
    { what: 'a negative count', element: 'report: Bundle.entry[3].resource.group[0].population[0].count must be a non-negative integer',
      breakIt: (b) => { b.entry[3].resource.group[0].population[0].count = -1; return b; } },
    { what: 'a fractional count', element: 'report: Bundle.entry[4].resource.group[0].population[1].count must be a non-negative integer',
      breakIt: (b) => { b.entry[4].resource.group[0].population[1].count = 1.5; return b; } },
    { what: 'a numerator above the denominator', element: 'report: Bundle.entry[3].resource.group[0].population[1].count (numerator) must not exceed the denominator count',
      breakIt: (b) => { b.entry[3].resource.group[0].population[1].count = 5; return b; } },
    { what: 'a score that is no number', element: 'report: Bundle.entry[3].resource.group[0].measureScore.value must be a number',
      breakIt: (b) => { b.entry[3].resource.group[0].measureScore.value = '0.75'; return b; } },
    { what: 'a performance report without its period start', element: /report: Bundle\.entry\[\d+\]\.resource\.period\.start must be a date/,
      breakIt: (b) => { delete b.entry[perfIndex(b)].resource.period.start; return b; } },
    { what: 'nesting deeper than 100 levels', element: 'report is nested more than 100 levels deep',
      breakIt: (b) => { let deep: any = {}; for (let i = 0; i < 150; i++) deep = { deep }; b.entry[0].resource.extension = [{ url: 'x', deep }]; return b; } },
    { what: 'entries that are no array', element: 'report: Bundle.entry must be an array', breakIt: (b) => ({ ...b, entry: {} }) },
    { what: 'more than 5 MB of JSON', element: 'report exceeds 5 MB of JSON',
      breakIt: (b) => { b.entry[0].resource.text = { status: 'generated', div: 'x'.repeat(5.5 * 1024 * 1024) }; return b; } },
  ];

  it.each(cases)('$what', async ({ element, breakIt }) => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 2)); // entries: 2 orgs, Measure, AAB, BCS, performance
    const bundle = await exportBundle(app, org.admin, program.id);
    expectRefused(await compare(org.admin, program.id, breakIt(bundle)), element);
  });
});

describe('vbprComparison access', () => {
  it('is NOT_FOUND for another organization’s program or a missing one, FORBIDDEN without pm.vbp.view, UNAUTHENTICATED without a token', async () => {
    const [a, b] = [await newOrg(), await newOrg()];
    const program = await seedProgram(app, a.admin, {}, MEASURES.slice(0, 1));
    const bundle = await exportBundle(app, a.admin, program.id);
    for (const id of [program.id, randomUUID(), 'nope']) expect(codes(await compare(b.admin, id, bundle))).toEqual(['NOT_FOUND']);
    expect(codes(await compare(a.service, program.id, bundle))).toEqual(['FORBIDDEN']);
    expect(codes(await app.gql(COMPARE, { programId: program.id, report: bundle }))).toEqual(['UNAUTHENTICATED']);
    const own = await compare(a.staff, program.id, bundle);
    expect(own.errors).toBeUndefined();
    expect(own.data.vbprComparison.measures).toHaveLength(1);
  });

  it('compares a program without a period against the report’s period', async () => {
    const org = await newOrg();
    const exported = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 1));
    const bundle = await exportBundle(app, org.admin, exported.id);
    const custom = await createProgram(app, org.admin, { measurementPeriod: 'Custom' });
    const res = await compare(org.admin, custom.id, bundle);
    expect(res.data.vbprComparison).toMatchObject({ periodStart: '2025-01-01', periodEnd: '2025-12-31', earnedTotal: '0.00', earnedDifference: '1000.40' });
    expect(res.data.vbprComparison.warnings).toEqual(['Unknown measure code AAB (Bundle.entry[3].resource.group[0]): the program has no such measure']);
    expect(resourcesOf(bundle)).toHaveLength(5);
  });
});
