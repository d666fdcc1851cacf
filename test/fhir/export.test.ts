import { randomUUID } from 'node:crypto';
import { checkVbprBundle } from '../../src/fhir/model/vbpr-check';
import { signToken } from '../../src/platform/identity/token';
import { addMeasure, archiveProgram, createProgram } from '../helpers/factories';
import { codes, startTestApp, TEST_PUBLIC_BASE_URL, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';
import { EXPORT, exportBundle, getFhir, MEASURES, performanceOf, qualityReportFor, qualityReportsOf, resourcesOf, seedProgram } from './vbpr-api';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const FHIR = `${TEST_PUBLIC_BASE_URL}/fhir`;
const VBPR = 'http://hl7.org/fhir/us/davinci-vbpr';
const restPath = (programId: string) => `/fhir/vbpr/Program/${programId}`;
const earnedOf = (bundle: any) => performanceOf(bundle).group.find((g: any) => g.id === 'earned-incentive').measureScore.extension[0].valueMoney;

describe('vbprBundle', () => {
  it('maps the program, its measures and payments to the VBPR resources', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin);
    const bundle = await exportBundle(app, org.staff, program.id, { organizationName: 'Good Health Clinic', payerName: 'ABC Payer' });

    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(resourcesOf(bundle).map((r) => r.resourceType)).toEqual(['Organization', 'Organization', 'Measure', ...MEASURES.map(() => 'MeasureReport'), 'MeasureReport']);
    for (const entry of bundle.entry) expect(entry.fullUrl).toBe(`${FHIR}/${entry.resource.resourceType}/${entry.resource.id}`);
    const [provider, payer, contract] = resourcesOf(bundle);
    expect(provider).toMatchObject({ active: true, name: 'Good Health Clinic', type: [{ coding: [{ code: 'prov' }] }], identifier: [{ value: org.orgId }] });
    expect(payer).toMatchObject({ active: true, name: 'ABC Payer', type: [{ coding: [{ code: 'pay' }] }], identifier: [{ value: 'payer-42' }] });
    expect(contract).toMatchObject({
      url: `${FHIR}/Measure/vbp-program-${program.id}`, version: program.updatedAt, name: 'SharedSavings2025', title: 'Shared Savings 2025',
      status: 'active', experimental: false, publisher: 'ABC Payer', effectivePeriod: { start: '2025-01-01', end: '2025-12-31' },
    });
    expect(contract.relatedArtifact.map((a: any) => [a.type, a.resource, a.extension[0].valueCodeableConcept.coding[0].code])).toEqual(
      MEASURES.map((m) => ['composed-of', `${FHIR}/Measure/hedis-${m.measureId.replace(/^HEDIS_/, '')}|2025`, 'contractual']));

    // One quality report per measure, by measureId, each with the contract's figures.
    expect(qualityReportsOf(bundle).map((r) => r.group[0].code.coding[0].code)).toEqual(MEASURES.map((m) => m.measureId));
    const cdc = qualityReportFor(bundle, 'HEDIS_CDC');
    expect(cdc).toMatchObject({ measure: `${FHIR}/Measure/hedis-CDC|2025`, period: { start: '2025-01-01', end: '2025-12-31' }, type: 'summary' });
    expect(cdc.subject).toBeUndefined();
    expect(cdc.group[0].population.map((p: any) => [p.code.coding[0].code, p.count])).toEqual([['denominator', 5], ['numerator', 0]]);
    expect(cdc.group[0].measureScore).toEqual({ value: 0 });
    expect(qualityReportFor(bundle, 'AAB').group[0].measureScore).toEqual({ value: 0.3333 });
    expect(qualityReportFor(bundle, 'CBP').group[0].measureScore).toEqual({ value: 0.6667 });
    const threshold = qualityReportFor(bundle, 'CBP').extension.find((e: any) => e.url === `${VBPR}/StructureDefinition/threshold`);
    expect(threshold.extension).toEqual([
      { url: 'threshold', valueDecimal: 0.7 },
      { url: 'type', valueCodeableConcept: { coding: [{ system: `${FHIR}/CodeSystem/vbp-threshold-type`, code: 'contract-target', display: 'Contract target' }] } },
      { url: 'gapToThreshold', valueDecimal: 1 }, // numerator events: ceil(0.7 x 3) - 2, not the rate difference 0.0333
    ]);

    const performance = performanceOf(bundle);
    expect(performance).toMatchObject({
      type: 'summary', measure: `${contract.url}|${contract.version}`, period: { start: '2025-01-01', end: '2025-12-31' },
      reporter: { reference: `Organization/${payer.id}`, display: 'ABC Payer' },
      subject: { display: 'Good Health Clinic', extension: [{ url: `${VBPR}/StructureDefinition/organization-subject`, valueReference: { reference: `Organization/${provider.id}` } }] },
    });
    expect(performance.evaluatedResource).toEqual(qualityReportsOf(bundle).map((r) => ({ reference: `MeasureReport/${r.id}` })));
    // 1000.10 + 0.10 + 0.20 summed in decimal: exactly 1000.40, where floats give 1000.4000000000001.
    expect(earnedOf(bundle)).toEqual({ value: 1000.4, currency: 'USD' });
    const summary = await app.gql('query ($id: ID!) { program(id: $id) { summary { earnedTotal } } }', { id: program.id }, org.staff);
    expect(String(earnedOf(bundle).value)).toBe(Number(summary.data.program.summary.earnedTotal).toString());
  });

  it('names the organizations by their ids without names, and the provider reports when there is no payer', async () => {
    const org = await newOrg();
    const withPayer = await createProgram(app, org.admin, { payerId: 'payer 7 / east' });
    const bundle = await exportBundle(app, org.admin, withPayer.id);
    expect(resourcesOf(bundle).slice(0, 2).map((r) => r.name)).toEqual([`Organization ${org.orgId}`, 'Payer payer 7 / east']);

    const noPayer = await createProgram(app, org.admin, { contractType: 'OTHER' });
    const alone = await exportBundle(app, org.admin, noPayer.id, { organizationName: '  Clinic  ' });
    const [provider, contract] = resourcesOf(alone);
    expect(resourcesOf(alone).map((r) => r.resourceType)).toEqual(['Organization', 'Measure', 'MeasureReport']);
    expect(provider.name).toBe('Clinic');
    expect(performanceOf(alone).reporter).toEqual({ reference: `Organization/${provider.id}`, display: 'Clinic' });
    expect(performanceOf(alone).evaluatedResource).toBeUndefined();
    expect(contract.relatedArtifact).toBeUndefined();
    expect(earnedOf(alone)).toEqual({ value: 0, currency: 'USD' });
  });

  it('exports archived programs too', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 2));
    await archiveProgram(app, org.admin, program.id);
    expect(qualityReportsOf(await exportBundle(app, org.staff, program.id))).toHaveLength(2);
  });

  it.each([
    { what: 'no periodStart or periodEnd', input: { measurementPeriod: 'Custom' } },
    { what: 'no periodEnd', input: { measurementPeriod: 'Custom', periodStart: '2025-02-01' } },
    { what: 'no periodStart', input: { measurementPeriod: 'Custom', periodEnd: '2025-02-28' } },
  ])('a program with $what is BAD_USER_INPUT on programId', async ({ input }) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin, input);
    const res = await app.gql(EXPORT, { programId: program.id }, org.admin);
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('programId');
  });

  it.each(['organizationName', 'payerName'])('a %s over 200 characters is BAD_USER_INPUT on it', async (field) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    const res = await app.gql(EXPORT, { programId: program.id, [field]: 'n'.repeat(201) }, org.admin);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe(field);
  });

  it('another organization’s program, a missing one or a malformed id is NOT_FOUND', async () => {
    const [a, b] = [await newOrg(), await newOrg()];
    const program = await seedProgram(app, a.admin, {}, MEASURES.slice(0, 1));
    for (const programId of [program.id, randomUUID(), 'not-a-uuid']) {
      const res = await app.gql(EXPORT, { programId }, b.admin);
      expect(res.data ?? null).toBeNull();
      expect(codes(res)).toEqual(['NOT_FOUND']);
    }
  });

  it('needs pm.vbp.view: FORBIDDEN for a service token, UNAUTHENTICATED without one', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    expect(codes(await app.gql(EXPORT, { programId: program.id }, org.service))).toEqual(['FORBIDDEN']);
    expect(codes(await app.gql(EXPORT, { programId: program.id }))).toEqual(['UNAUTHENTICATED']);
    const viewer = await tokenFor(org.orgId, [], ['pm.vbp.view']);
    expect((await app.gql(EXPORT, { programId: program.id }, viewer)).errors).toBeUndefined();
  });

  it('reads each relation once, however many measures (no query per measure)', async () => {
    const org = await newOrg();
    const one = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 1));
    const many = await seedProgram(app, org.admin, { name: 'Many' }, MEASURES);
    const statementsFor = async (programId: string) => {
      app.db.statements.length = 0;
      await exportBundle(app, org.admin, programId);
      return app.db.statements.length;
    };
    expect(await statementsFor(many.id)).toBe(await statementsFor(one.id));
  });
});

describe('GET /fhir/vbpr/Program/<id>', () => {
  /** Bundles of two exports differ only in when they were made. */
  const timeless = (bundle: any) => JSON.parse(JSON.stringify(bundle, (key, value) => (key === 'timestamp' || key === 'date' ? undefined : value)));

  it('returns the same Bundle as vbprBundle, as application/fhir+json', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin);
    const names = { organizationName: 'Good Health Clinic', payerName: 'ABC Payer' };
    const res = await getFhir(app, `${restPath(program.id)}?${new URLSearchParams(names)}`, org.staff);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/fhir\+json/);
    expect(checkVbprBundle(res.body)).toEqual([]);
    expect(timeless(res.body)).toEqual(timeless(await exportBundle(app, org.staff, program.id, names)));
  });

  it('exports archived programs too', async () => {
    const org = await newOrg();
    const program = await seedProgram(app, org.admin, {}, MEASURES.slice(0, 3));
    await archiveProgram(app, org.admin, program.id);
    const res = await getFhir(app, restPath(program.id), org.admin);
    expect(res.status).toBe(200);
    expect(checkVbprBundle(res.body)).toEqual([]);
  });

  const expectOutcome = (res: Awaited<ReturnType<typeof getFhir>>, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/fhir\+json/);
    expect(res.body).toEqual({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: expect.any(String) }] });
  };

  it.each([
    ['no token', undefined, {}],
    ['a token of another key', 'other', {}],
    ['a malformed token', 'not.a.jwt', {}],
    ['a Basic header', undefined, { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 with an OperationOutcome for %s', async (_what, token, headers) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    const bearer = token === 'other'
      ? await signToken({ sub: 'x', orgId: org.orgId, roles: ['org_admin'] }, 'another-secret-another-secret-another-secret')
      : token;
    const res = await getFhir(app, restPath(program.id), bearer, headers);
    expectOutcome(res, 401, 'login');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 403 without pm.vbp.view', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    expectOutcome(await getFhir(app, restPath(program.id), org.service), 403, 'forbidden');
    expectOutcome(await getFhir(app, restPath(program.id), await tokenFor(org.orgId, [], ['pm.capitation.manage'])), 403, 'forbidden');
  });

  it('answers 404 for another organization’s program, a missing one and a malformed id', async () => {
    const [a, b] = [await newOrg(), await newOrg()];
    const program = await createProgram(app, a.admin);
    for (const id of [program.id, randomUUID(), 'nope']) expectOutcome(await getFhir(app, restPath(id), b.admin), 404, 'not-found');
    expectOutcome(await getFhir(app, '/fhir/vbpr/Contract/1', a.admin), 404, 'not-found');
  });

  it('answers 400 for a program without its period, and for a name given twice', async () => {
    const org = await newOrg();
    const custom = await createProgram(app, org.admin, { measurementPeriod: 'Custom' });
    const res = await getFhir(app, restPath(custom.id), org.admin);
    expectOutcome(res, 400, 'invalid');
    expect(res.body.issue[0].diagnostics).toMatch(/periodStart or periodEnd/);
    const program = await createProgram(app, org.admin);
    await addMeasure(app, org.admin, program.id);
    expectOutcome(await getFhir(app, `${restPath(program.id)}?payerName=a&payerName=b`, org.admin), 400, 'invalid');
  });
});
