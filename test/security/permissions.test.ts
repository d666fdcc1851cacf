import { isObjectType } from 'graphql';
import type { Permission, Role } from '../../src/platform/identity/token';
import { buildAppSchema } from '../../src/app/schema';
import { permissionMap } from '../../src/app/permissions';
import { addMeasure, createProgram, recordPayment } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

/** The contract README's role table, plus explicit permissions (a `*.manage` implies its `*.view`). */
const principals: { who: string; roles: Role[]; permissions: Permission[]; view: boolean; manage: boolean }[] = [
  { who: 'org_admin', roles: ['org_admin'], permissions: [], view: true, manage: true },
  { who: 'site_admin', roles: ['site_admin'], permissions: [], view: true, manage: false },
  { who: 'staff', roles: ['staff'], permissions: [], view: true, manage: false },
  { who: 'service', roles: ['service'], permissions: [], view: false, manage: false },
  { who: 'no role, permission pm.vbp.manage', roles: [], permissions: ['pm.vbp.manage'], view: true, manage: true },
  { who: 'no role, permission pm.vbp.view', roles: [], permissions: ['pm.vbp.view'], view: true, manage: false },
  { who: 'service with pm.vbp.manage', roles: ['service'], permissions: ['pm.vbp.manage'], view: true, manage: true },
  { who: 'capitation-only permissions', roles: [], permissions: ['pm.capitation.manage', 'pm.quality.ingest'], view: false, manage: false },
];

const READ = `query ($id: ID!, $m: ID!, $p: ID!) {
  program(id: $id) { id name measures { id } incentivePayments { id } summary { measureCount } }
  measure(id: $m) { id measureId }
  incentivePayment(id: $p) { id earnedAmount }
}`;
const LIST = '{ programs { totalCount edges { node { id } } } }';
const DASHBOARD = '{ vbpDashboard { programCount measureCount earnedTotal } }';
const CREATE = `mutation { createProgram(input: { name: "Made by caller", contractType: OTHER, measurementPeriod: "CY2025" }) { id name } }`;

/** An organization with one program, measure and payment, made by its org_admin. */
async function seededOrg() {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  const measure = await addMeasure(app, org.admin, program.id);
  const payment = await recordPayment(app, org.admin, program.id);
  return { org, program, measure, payment };
}

describe.each(principals)('$who', ({ roles, permissions, view, manage }) => {
  it(view ? 'reads programs, measures, payments and the dashboard' : 'is FORBIDDEN to read anything', async () => {
    const { org, program, measure, payment } = await seededOrg();
    const token = await tokenFor(org.orgId, roles, permissions);
    const read = await app.gql(READ, { id: program.id, m: measure.id, p: payment.id }, token);
    const list = await app.gql(LIST, {}, token);
    const dashboard = await app.gql(DASHBOARD, {}, token);
    if (view) {
      for (const res of [read, list, dashboard]) expect(res.errors).toBeUndefined();
      expect(read.data).toEqual({
        program: { id: program.id, name: program.name, measures: [{ id: measure.id }], incentivePayments: [{ id: payment.id }], summary: { measureCount: 1 } },
        measure: { id: measure.id, measureId: 'BCS' },
        incentivePayment: { id: payment.id, earnedAmount: '1000.00' },
      });
      expect(list.data.programs).toEqual({ totalCount: 1, edges: [{ node: { id: program.id } }] });
      expect(dashboard.data.vbpDashboard).toEqual({ programCount: 1, measureCount: 1, earnedTotal: '1000.00' });
    } else {
      expect(codes(read)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(read.data).toEqual({ program: null, measure: null, incentivePayment: null });
      expect(codes(list)).toEqual(['FORBIDDEN']);
      expect(list.data ?? null).toBeNull();
      expect(codes(dashboard)).toEqual(['FORBIDDEN']);
      expect(dashboard.data ?? null).toBeNull();
    }
  });

  it(manage ? 'creates a program' : 'is FORBIDDEN to create a program, and nothing is stored', async () => {
    const org = await newOrg();
    const res = await app.gql(CREATE, {}, await tokenFor(org.orgId, roles, permissions));
    const stored = await app.gql('{ programs { edges { node { name } } } }', {}, org.admin);
    if (manage) {
      expect(res.errors).toBeUndefined();
      expect(res.data.createProgram.name).toBe('Made by caller');
      expect(stored.data.programs.edges).toEqual([{ node: { name: 'Made by caller' } }]);
    } else {
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data ?? null).toBeNull();
      expect(stored.data.programs.edges).toEqual([]);
    }
  });
});

describe('every VBP mutation needs pm.vbp.manage', () => {
  const mutations: [string, string, (s: Awaited<ReturnType<typeof seededOrg>>) => Record<string, unknown>][] = [
    ['createProgram', 'mutation { createProgram(input: { name: "X", contractType: OTHER, measurementPeriod: "CY2025" }) { id } }', () => ({})],
    ['updateProgram', 'mutation ($id: ID!) { updateProgram(id: $id, input: { name: "Renamed" }) { id } }', (s) => ({ id: s.program.id })],
    ['archiveProgram', 'mutation ($id: ID!) { archiveProgram(id: $id) { id } }', (s) => ({ id: s.program.id })],
    ['addMeasure', 'mutation ($id: ID!) { addMeasure(programId: $id, input: { measureId: "CDC", measureName: "D", numerator: 1, denominator: 2, benchmark: 0.5 }) { id } }', (s) => ({ id: s.program.id })],
    ['updateMeasure', 'mutation ($id: ID!) { updateMeasure(id: $id, input: { numerator: 0 }) { id } }', (s) => ({ id: s.measure.id })],
    ['deleteMeasure', 'mutation ($id: ID!) { deleteMeasure(id: $id) }', (s) => ({ id: s.measure.id })],
    ['recordIncentivePayment', 'mutation ($id: ID!) { recordIncentivePayment(programId: $id, input: { paymentPeriod: "2025-Q2", earnedAmount: "1.00", paidAmount: "0.00", status: PENDING }) { id } }', (s) => ({ id: s.program.id })],
    ['updateIncentivePayment', 'mutation ($id: ID!) { updateIncentivePayment(id: $id, input: { paidAmount: "999.00" }) { id } }', (s) => ({ id: s.payment.id })],
    ['deleteIncentivePayment', 'mutation ($id: ID!) { deleteIncentivePayment(id: $id) }', (s) => ({ id: s.payment.id })],
  ];
  const STATE = `query ($id: ID!) { programs { totalCount } program(id: $id) { name archived
    measures { id numerator measureId } incentivePayments { id paidAmount paymentPeriod } } }`;

  it.each(mutations)('%s is FORBIDDEN for a view-only token (staff) and changes nothing', async (_name, mutation, variables) => {
    const seeded = await seededOrg();
    const before = await app.gql(STATE, { id: seeded.program.id }, seeded.org.admin);
    const res = await app.gql(mutation, variables(seeded), seeded.org.staff);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.data ?? null).toBeNull();
    expect(await app.gql(STATE, { id: seeded.program.id }, seeded.org.admin)).toEqual(before);
  });
});

describe('_entities', () => {
  const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) {
    ... on Program { id name } ... on Measure { id measureId } ... on IncentivePayment { id earnedAmount } } }`;
  const refs = (s: { program: { id: string }; measure: { id: string }; payment: { id: string } }) => [
    { __typename: 'Program', id: s.program.id },
    { __typename: 'Measure', id: s.measure.id },
    { __typename: 'IncentivePayment', id: s.payment.id },
  ];

  it('resolves Program, Measure and IncentivePayment of the caller’s own organization', async () => {
    const seeded = await seededOrg();
    const res = await app.gql(ENTITIES, { r: refs(seeded) }, seeded.org.staff);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { id: seeded.program.id, name: seeded.program.name },
      { id: seeded.measure.id, measureId: 'BCS' },
      { id: seeded.payment.id, earnedAmount: '1000.00' },
    ]);
  });

  it('gives null, without an error, for ids of another organization', async () => {
    const a = await seededOrg();
    const b = await newOrg();
    const res = await app.gql(ENTITIES, { r: refs(a) }, b.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([null, null, null]);
  });

  const UNUSED_UUID = '00000000-0000-4000-8000-000000000000';
  it.each(['not-a-uuid', '', '1', `${UNUSED_UUID}x`, "' OR 1=1 --", UNUSED_UUID, UNUSED_UUID.toUpperCase()])(
    'gives null, without an error, for the id %j', async (id) => {
      const org = await newOrg();
      const r = ['Program', 'Measure', 'IncentivePayment'].map((__typename) => ({ __typename, id }));
      const res = await app.gql(ENTITIES, { r }, org.admin);
      expect(res.errors).toBeUndefined();
      expect(res.data._entities).toEqual([null, null, null]);
    });

  it('mixes own, foreign and malformed ids in one batch, entry by entry', async () => {
    const a = await seededOrg();
    const b = await seededOrg();
    const r = [{ __typename: 'Program', id: b.program.id }, { __typename: 'Program', id: a.program.id }, { __typename: 'Measure', id: 'nope' }];
    const res = await app.gql(ENTITIES, { r }, a.org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([null, { id: a.program.id, name: a.program.name }, null]);
  });

  it('is UNAUTHENTICATED without a token', async () => {
    const seeded = await seededOrg();
    const res = await app.gql(ENTITIES, { r: refs(seeded) });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data?._entities ?? null).toBeNull();
  });

  it('gives FORBIDDEN fields, and no data, to a service token without pm.vbp.view', async () => {
    const seeded = await seededOrg();
    const res = await app.gql(ENTITIES, { r: refs(seeded) }, seeded.org.service);
    expect(codes(res).length).toBeGreaterThan(0);
    expect(new Set(codes(res))).toEqual(new Set(['FORBIDDEN']));
    expect(res.data._entities).toEqual([null, null, null]);
  });
});

describe('the permission map covers the schema', () => {
  const isRule = (x: unknown) => !!x && typeof x === 'object' && typeof (x as { permits?: unknown }).permits === 'function';
  const isFieldMap = (x: unknown): x is Record<string, unknown> => !!x && Object.getPrototypeOf(x) === Object.prototype && !isRule(x);
  const tree = permissionMap as Record<string, unknown>;

  it('every object type has a rule for the whole type or for each of its fields (nothing relies on the fallback)', async () => {
    const { schema } = await buildAppSchema();
    const uncovered: string[] = [];
    const checked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Entity' || type.name === '_Any') continue;
      checked.push(type.name);
      const rules = tree[type.name];
      if (isRule(rules)) continue;
      if (!isFieldMap(rules)) { uncovered.push(type.name); continue; }
      const wildcard = isRule(rules['*']);
      for (const field of Object.keys(type.getFields())) {
        if (!wildcard && !isRule(rules[field])) uncovered.push(`${type.name}.${field}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['Query', 'Mutation', 'Program', 'Measure', 'IncentivePayment', '_Service', 'PageInfo']));
    expect(uncovered).toEqual([]);
  });

  it.each(['Query', 'Mutation'])('%s has a rule for each of its fields', async (name) => {
    const { schema } = await buildAppSchema();
    const type = schema.getType(name);
    expect(isObjectType(type)).toBe(true);
    const rules = tree[name];
    expect(isFieldMap(rules)).toBe(true);
    const fields = Object.keys(isObjectType(type) ? type.getFields() : {});
    expect(fields.filter((f) => !isRule((rules as Record<string, unknown>)[f]))).toEqual([]);
  });

  it('names no type or field the schema lacks (a stale rule would hide a renamed field behind the fallback)', async () => {
    const { schema } = await buildAppSchema();
    const stale = Object.entries(tree).flatMap(([typeName, rules]) => {
      const type = schema.getType(typeName);
      if (!type) return [typeName];
      if (!isFieldMap(rules) || !isObjectType(type)) return [];
      return Object.keys(rules).filter((f) => f !== '*' && !(f in type.getFields())).map((f) => `${typeName}.${f}`);
    });
    expect(stale).toEqual([]);
  });
});
