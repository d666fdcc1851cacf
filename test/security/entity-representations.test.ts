import { addMeasure, createProgram } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) {
  __typename ... on Program { id name } ... on Measure { id measureId } ... on CapitationContract { id } ... on QualityMeasureResult { measureId } } }`;

const QUALITY_KEY = { __typename: 'QualityMeasureResult', measureId: 'HEDIS_AMM', periodStart: '2025-01-01', periodEnd: '2025-12-31' };

/** Contract, Hostile input (version 2): each of these is null on its own, never an error for the request. */
const unusable: [string, unknown][] = [
  ['no id', { __typename: 'Program' }],
  ['id null', { __typename: 'Measure', id: null }],
  ['id a number', { __typename: 'Program', id: 42 }],
  ['id an object', { __typename: 'CapitationContract', id: { not: 'a string' } }],
  ['id a list', { __typename: 'CapitationPeriod', id: ['00000000-0000-4000-8000-000000000000'] }],
  ['an unknown __typename', { __typename: 'Nope', id: '00000000-0000-4000-8000-000000000000' }],
  ['no __typename', { id: '00000000-0000-4000-8000-000000000000' }],
  ['__typename not a string', { __typename: 7, id: '00000000-0000-4000-8000-000000000000' }],
  ['a type we only reference (Patient)', { __typename: 'Patient', id: 'patient-1' }],
  ['a type we only reference (Payer)', { __typename: 'Payer', id: 'payer-1' }],
  ['a type that is no entity', { __typename: 'Query', id: 'x' }],
  ['an object type that is no entity', { __typename: 'VbpDashboard', id: 'x' }],
  ['__proto__ as __typename', { __typename: '__proto__', id: 'x' }],
  ['a string', 'Program'],
  ['a number', 1],
  ['a list', [{ __typename: 'Program' }]],
  ['a quality key without organizationId', QUALITY_KEY],
  ['a quality key with organizationId null', { ...QUALITY_KEY, organizationId: null }],
  ['a quality key with periodEnd a number', { ...QUALITY_KEY, organizationId: '00000000-0000-4000-8000-000000000000', periodEnd: 20251231 }],
  ['a quality key without measureId', { ...QUALITY_KEY, organizationId: '00000000-0000-4000-8000-000000000000', measureId: undefined }],
];

describe('_entities with representations it cannot resolve', () => {
  it.each(unusable)('%s resolves to null, between two own entities that resolve', async (_what, representation) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    const measure = await addMeasure(app, org.admin, program.id);
    const r = [{ __typename: 'Program', id: program.id }, representation, { __typename: 'Measure', id: measure.id }];
    const res = await app.gql(ENTITIES, { r }, org.staff);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { __typename: 'Program', id: program.id, name: program.name }, null, { __typename: 'Measure', id: measure.id, measureId: 'BCS' },
    ]);
  });

  it('answers a batch of nothing but unusable representations with as many nulls', async () => {
    const org = await newOrg();
    const res = await app.gql(ENTITIES, { r: unusable.map(([, r]) => r) }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(unusable.map(() => null));
  });

  it('still refuses the field without a token, whatever the representations', async () => {
    const res = await app.gql(ENTITIES, { r: [{ __typename: 'Program' }, { __typename: 'Nope' }] });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});
