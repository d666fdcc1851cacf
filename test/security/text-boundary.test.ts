import { clEvent, INGEST } from '../helpers/cl-events';
import { createProgram } from '../helpers/factories';
import { expectRefused, ok } from '../helpers/refusals';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';

// Contract (Hostile input, version 2), "Text is text": a string anywhere in the arguments or variables holding
// U+0000 or an unpaired surrogate is BAD_USER_INPUT naming the field, before any resolver or the database sees it.
// These bodies are valid UTF-8 (the JSON escapes \u0000 and \ud800); raw-bytes.test.ts sends bytes that are not.

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const sql = <T>(text: string, params: unknown[]) => app.db.withSession((s) => s.query<T>(text, params));
const countPrograms = async (token: string) => (ok(await app.gql('{ programs { totalCount } }', {}, token), 'programs')).totalCount;
const DASHBOARD = 'programCount';
const NUL = 'CY\u00002025';
const LONE = 'Shared \ud800 Savings';

describe('the GraphQL text boundary', () => {
  it.each<[string, string, (ids: { programId: string; contractId: string }) => Record<string, unknown>, string]>([
    ['a program name (a lone surrogate)', 'mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id } }',
      () => ({ input: { name: LONE, contractType: 'SHARED_SAVINGS', measurementPeriod: 'CY2025' } }), 'input.name'],
    ['vbpDashboard(measurementPeriod:) through a variable', `query ($p: String) { vbpDashboard(measurementPeriod: $p) { ${DASHBOARD} } }`,
      () => ({ p: NUL }), 'measurementPeriod'],
    ['vbpDashboard(measurementPeriod:) as a literal', `{ vbpDashboard(measurementPeriod: "CY\\u00002025") { ${DASHBOARD} } }`, () => ({}), 'measurementPeriod'],
    ['a variable default', `query ($p: String = "CY\\u00002025") { vbpDashboard(measurementPeriod: $p) { ${DASHBOARD} } }`, () => ({}), 'measurementPeriod'],
    ['an argument inside a fragment', `query ($p: String) { ...D } fragment D on Query { vbpDashboard(measurementPeriod: $p) { ${DASHBOARD} } }`,
      () => ({ p: NUL }), 'measurementPeriod'],
    ['a filter field', 'query ($f: ProgramFilter) { programs(filter: $f) { totalCount } }', () => ({ f: { measurementPeriod: 'CY\udfff' } }), 'filter.measurementPeriod'],
    ['an id (NOT_FOUND before, now refused before the database)', 'mutation ($id: ID!) { archiveProgram(id: $id) { id } }', () => ({ id: 'x\u0000' }), 'id'],
    ['a list item of a nested input', 'mutation ($id: ID!, $input: IncentiveTermsInput) { setIncentiveTerms(programId: $id, input: $input) { id } }',
      ({ programId }) => ({ id: programId, input: { maxIncentive: '100.00', measureWeights: [{ measureId: 'BCS', weight: 1 }, { measureId: 'B\u0000', weight: 1 }] } }),
      'input.measureWeights.1.measureId'],
    ['a member id', 'mutation ($id: ID!, $input: RosterEventInput!) { recordRosterEvent(contractId: $id, input: $input) { id } }',
      ({ contractId }) => ({ id: contractId, input: { memberIdExternal: 'MEMBER-\udcc9-0001', eventType: 'ENROLL', effectiveDate: '2025-01-01' } }),
      'input.memberIdExternal'],
    ['a FHIR report (a JSON object) deep inside', 'query ($id: ID!, $r: JSONObject!) { vbprComparison(programId: $id, report: $r) { reportId } }',
      ({ programId }) => ({ id: programId, r: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'MeasureReport', id: 'r\u0000' } }] } }),
      'report.entry.0.resource.id'],
    ['a key of a FHIR report', 'query ($id: ID!, $r: JSONObject!) { vbprComparison(programId: $id, report: $r) { reportId } }',
      ({ programId }) => ({ id: programId, r: { resourceType: 'Bundle', entry: [{ 'k\ud800': 1 }] } }), 'report.entry.0'],
    ['a variable the operation does not declare', '{ programs { totalCount } }', () => ({ stray: ['ok', '\ud800'] }), 'stray.1'],
  ])('%s is BAD_USER_INPUT on its argument path', async (_what, query, variables, field) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    const contract = ok(await app.gql('mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
      { input: { name: 'HMO', pmpmRate: '1.00', effectiveFrom: '2025-01-01' } }, org.admin), 'createCapitationContract');
    const res = await app.gql(query, variables({ programId: program.id, contractId: contract.id }), org.admin);
    expectRefused(res, 'BAD_USER_INPUT', field);
    expect(res.errors![0].message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')} (must not contain|key contains) (U\\+0000|an unpaired surrogate)$`));
    expect(await countPrograms(org.admin)).toBe(1);
  });

  it('holds on the federated-trace path too (a router asking for ftv1)', async () => {
    const org = await newOrg();
    const res = await app.gql('mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id } }',
      { input: { name: 'a\ud800b', contractType: 'SHARED_SAVINGS', measurementPeriod: 'CY2025' } }, org.admin, { 'apollo-federation-include-trace': 'ftv1' });
    expectRefused(res, 'BAD_USER_INPUT', 'input.name');
    expect(await countPrograms(org.admin)).toBe(0);
  });

  it('lets text through: U+FFFD, a surrogate pair, other control characters are left to each field rule', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin, { name: 'Savings \ufffd \ud83d\ude00' });
    expect(program.name).toBe('Savings \ufffd \ud83d\ude00');
  });
});

describe('where the contract answers otherwise, the module checks the text itself', () => {
  it('a roster CSV: a bad cell is a row error naming its row and column (no member id), and nothing is written', async () => {
    const org = await newOrg();
    const contract = ok(await app.gql('mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
      { input: { name: 'HMO', pmpmRate: '1.00', effectiveFrom: '2025-01-01' } }, org.admin), 'createCapitationContract');
    const csv = 'memberIdExternal,eventType,effectiveDate\nM-00000001,ENROLL,2025-01-01\nMEMBER-\udcc9-0001,ENROLL,2025-01-01\nM-0\u00002,ENROLL,2025-01-01';
    const result = ok(await app.gql(`mutation ($id: ID!, $csv: String!) { importRosterCsv(contractId: $id, csv: $csv) {
      accepted rejected errors { row column message } } }`, { id: contract.id, csv }, org.admin), 'importRosterCsv');
    expect(result).toEqual({
      accepted: 1, rejected: 2, errors: [
        { row: 3, column: 'memberIdExternal', message: 'memberIdExternal must not contain an unpaired surrogate' },
        { row: 4, column: 'memberIdExternal', message: 'memberIdExternal must not contain U+0000' },
      ],
    });
    const stored = ok(await app.gql('query ($id: ID!) { capitationContract(id: $id) { rosterEvents { totalCount } } }', { id: contract.id }, org.admin), 'capitationContract');
    expect(stored.rosterEvents.totalCount).toBe(0);
  });

  it('a CL event through the mutation: rejected with its reason and recorded in the inbox', async () => {
    const org = await newOrg();
    const publisher = await tokenFor(org.orgId, ['service'], ['pm.quality.ingest']);
    // A raw unpaired surrogate inside the payload's JSON text (JSON.stringify would escape it).
    const payload = JSON.stringify(clEvent(org.orgId, { metadata: { source_system: 'EPXIC' } })).replace('EPXIC', 'EP\ud800IC');
    const res = await app.gql(INGEST, { payload }, publisher);
    expectRefused(res, 'BAD_USER_INPUT', 'input.payload');
    expect(res.errors![0].message).toBe("Metadata validation failed: 'source_system' must not contain an unpaired surrogate");
    const inbox = await sql<{ outcome: string; reason: string }>('SELECT outcome, reason FROM pm_inbox WHERE organization_id = $1::uuid', [org.orgId]);
    expect(inbox).toEqual([{ outcome: 'REJECTED', reason: "Metadata validation failed: 'source_system' must not contain an unpaired surrogate" }]);
  });

  it('_entities: a representation whose key holds bad text resolves to null, not an error for the request', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    const res = await app.gql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Program { id } ... on QualityMeasureResult { measureId } } }', {
      r: [
        { __typename: 'Program', id: program.id },
        { __typename: 'Program', id: `${program.id}\u0000` },
        { __typename: 'QualityMeasureResult', organizationId: org.orgId, measureId: 'HEDIS\u0000AMM', periodStart: '2025-01-01', periodEnd: '2025-12-31' },
      ],
    }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ _entities: [{ id: program.id }, null, null] });
  });
});

describe('the FHIR route', () => {
  it('refuses a query parameter holding U+0000 with a 400 OperationOutcome', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin, { periodStart: '2025-01-01', periodEnd: '2025-12-31' });
    const response = await fetch(`${app.url}/fhir/vbpr/Program/${program.id}?organizationName=a%00b`, { headers: { authorization: `Bearer ${org.admin}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'organizationName must not contain U+0000' }],
    });
  });
});
