import { addMeasure, archiveProgram, createProgram, MEASURE_FIELDS, PAYMENT_FIELDS, PROGRAM_FIELDS, recordPayment } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

/** Organization A with a program, a NOT_MET measure and a payment; organization B, a stranger to it. */
async function twoOrgs() {
  const a = await newOrg();
  const b = await newOrg();
  const program = await createProgram(app, a.admin, { name: 'A secret program', measurementPeriod: 'CY2025' });
  const measure = await addMeasure(app, a.admin, program.id, { measureId: 'CDC', numerator: 1, denominator: 4, benchmark: 0.75 });
  const payment = await recordPayment(app, a.admin, program.id, { earnedAmount: '5000.00', paidAmount: '1234.00' });
  return { a, b, ids: { programId: program.id, measureId: measure.id, paymentId: payment.id } };
}
type Ids = Awaited<ReturnType<typeof twoOrgs>>['ids'];

const BY_ID = `query ($programId: ID!, $measureId: ID!, $paymentId: ID!) {
  program(id: $programId) { id name } measure(id: $measureId) { id } incentivePayment(id: $paymentId) { id }
}`;

/** Everything A can see of its data: compared before and after B's attempts. */
const A_STATE = `query ($programId: ID!, $measureId: ID!, $paymentId: ID!) {
  program(id: $programId) { ${PROGRAM_FIELDS} measures { ${MEASURE_FIELDS} } incentivePayments { ${PAYMENT_FIELDS} } summary { earnedTotal paidTotal } }
  measure(id: $measureId) { ${MEASURE_FIELDS} }
  incentivePayment(id: $paymentId) { ${PAYMENT_FIELDS} }
  programs { totalCount edges { node { id name archived } } }
  vbpDashboard { programCount measureCount earnedTotal paidTotal }
}`;

const DASHBOARD = `{ vbpDashboard { programCount activeProgramCount measureCount exceededCount notMetCount
  earnedTotal paidTotal outstandingTotal gaps { id } } }`;

describe('reads by id', () => {
  it('org B gets null, and no error, for org A’s program, measure and payment', async () => {
    const { b, ids } = await twoOrgs();
    const res = await app.gql(BY_ID, ids, b.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ program: null, measure: null, incentivePayment: null });
  });

  it('org B gets null for org A’s ids written in upper case', async () => {
    const { b, ids } = await twoOrgs();
    const upper = Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.toUpperCase()]));
    const res = await app.gql(BY_ID, upper, b.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ program: null, measure: null, incentivePayment: null });
  });

  it('org A reads the same ids (the nulls above are not for want of data)', async () => {
    const { a, ids } = await twoOrgs();
    const res = await app.gql(BY_ID, ids, a.staff);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      program: { id: ids.programId, name: 'A secret program' }, measure: { id: ids.measureId }, incentivePayment: { id: ids.paymentId },
    });
  });
});

describe('mutations on another organization’s rows are NOT_FOUND and change nothing', () => {
  const mutations: [string, string, (ids: Ids) => Record<string, unknown>][] = [
    ['updateProgram', 'mutation ($id: ID!) { updateProgram(id: $id, input: { name: "Taken over", notes: "B was here" }) { id } }', (i) => ({ id: i.programId })],
    ['archiveProgram', 'mutation ($id: ID!) { archiveProgram(id: $id) { id } }', (i) => ({ id: i.programId })],
    ['addMeasure', 'mutation ($id: ID!) { addMeasure(programId: $id, input: { measureId: "BCS", measureName: "Injected", numerator: 1, denominator: 2, benchmark: 0.5 }) { id } }', (i) => ({ id: i.programId })],
    ['updateMeasure', 'mutation ($id: ID!) { updateMeasure(id: $id, input: { numerator: 4 }) { id } }', (i) => ({ id: i.measureId })],
    ['deleteMeasure', 'mutation ($id: ID!) { deleteMeasure(id: $id) }', (i) => ({ id: i.measureId })],
    ['recordIncentivePayment', 'mutation ($id: ID!) { recordIncentivePayment(programId: $id, input: { paymentPeriod: "2025-Q2", earnedAmount: "1.00", paidAmount: "1.00", status: PAID }) { id } }', (i) => ({ id: i.programId })],
    ['updateIncentivePayment', 'mutation ($id: ID!) { updateIncentivePayment(id: $id, input: { paidAmount: "5000.00", status: PAID }) { id } }', (i) => ({ id: i.paymentId })],
    ['deleteIncentivePayment', 'mutation ($id: ID!) { deleteIncentivePayment(id: $id) }', (i) => ({ id: i.paymentId })],
  ];

  it.each(mutations)('%s by org B', async (_name, mutation, variables) => {
    const { a, b, ids } = await twoOrgs();
    const before = await app.gql(A_STATE, ids, a.admin);
    expect(before.errors).toBeUndefined();

    const res = await app.gql(mutation, variables(ids), b.admin);
    expect(codes(res)).toEqual(['NOT_FOUND']);
    expect(res.data ?? null).toBeNull();
    expect(JSON.stringify(res.errors)).not.toContain(a.orgId);

    expect(await app.gql(A_STATE, ids, a.admin)).toEqual(before);
    const bSide = await app.gql('{ programs { totalCount } vbpDashboard { measureCount earnedTotal } }', {}, b.admin);
    expect(bSide.data).toEqual({ programs: { totalCount: 0 }, vbpDashboard: { measureCount: 0, earnedTotal: '0.00' } });
  });

  it.each(mutations)('%s by org B on an archived program of org A is NOT_FOUND, not READ_ONLY', async (_name, mutation, variables) => {
    const { a, b, ids } = await twoOrgs();
    await archiveProgram(app, a.admin, ids.programId);
    const before = await app.gql(A_STATE, ids, a.admin);
    const res = await app.gql(mutation, variables(ids), b.admin);
    expect(codes(res)).toEqual(['NOT_FOUND']);
    expect(await app.gql(A_STATE, ids, a.admin)).toEqual(before);
  });
});

describe('lists and totals', () => {
  it('programs() of org B never lists org A’s programs, whatever the filter', async () => {
    const { a, b, ids } = await twoOrgs();
    await archiveProgram(app, a.admin, (await createProgram(app, a.admin, { name: 'A archived' })).id);
    const own = await createProgram(app, b.admin, { name: 'B program' });
    const filters = [undefined, { includeArchived: true }, { search: 'secret' }, { search: 'A' }, { measurementPeriod: 'CY2025' },
      { status: ['ACTIVE', 'COMPLETED', 'SUSPENDED'] }, { contractType: ['SHARED_SAVINGS', 'OTHER'] }];
    for (const filter of filters) {
      const res = await app.gql('query ($f: ProgramFilter) { programs(filter: $f, first: 100) { totalCount edges { node { id } } } }', { f: filter }, b.admin);
      expect(res.errors).toBeUndefined();
      const listed = res.data.programs.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(listed).not.toContain(ids.programId);
      expect(res.data.programs.totalCount).toBe(listed.length);
      expect(listed.every((id: string) => id === own.id)).toBe(true);
    }
    const aList = await app.gql('{ programs { totalCount edges { node { name } } } }', {}, a.admin);
    expect(aList.data.programs.totalCount).toBe(2);
    expect(aList.data.programs.edges.map((e: { node: { name: string } }) => e.node.name).sort()).toEqual(['A archived', 'A secret program']);
  });

  it('vbpDashboard of org B counts only org B’s programs, measures and payments', async () => {
    const { a, b } = await twoOrgs();
    const own = await createProgram(app, b.admin, { name: 'B program' });
    await addMeasure(app, b.admin, own.id, { numerator: 3, denominator: 4, benchmark: 0.75 });
    await recordPayment(app, b.admin, own.id, { earnedAmount: '10.00', paidAmount: '4.00' });

    const bDash = await app.gql(DASHBOARD, {}, b.admin);
    expect(bDash.errors).toBeUndefined();
    expect(bDash.data.vbpDashboard).toEqual({
      programCount: 1, activeProgramCount: 1, measureCount: 1, exceededCount: 1, notMetCount: 0,
      earnedTotal: '10.00', paidTotal: '4.00', outstandingTotal: '6.00', gaps: [],
    });
    const aDash = await app.gql(DASHBOARD, {}, a.admin);
    expect(aDash.data.vbpDashboard).toMatchObject({
      programCount: 1, measureCount: 1, exceededCount: 0, notMetCount: 1, earnedTotal: '5000.00', paidTotal: '1234.00', outstandingTotal: '3766.00',
    });
  });

  it('vbpDashboard of a fresh organization is all zeros while others hold data', async () => {
    const { b } = await twoOrgs();
    const res = await app.gql(DASHBOARD, {}, b.staff);
    expect(res.data.vbpDashboard).toEqual({
      programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0,
      earnedTotal: '0.00', paidTotal: '0.00', outstandingTotal: '0.00', gaps: [],
    });
  });
});

describe('relations resolve only within the organization', () => {
  const RELATIONS = `query ($measureId: ID!, $paymentId: ID!) {
    measure(id: $measureId) { id program { id name } } incentivePayment(id: $paymentId) { id program { id name } } }`;

  it('Measure.program and IncentivePayment.program give org A its own program', async () => {
    const { a, ids } = await twoOrgs();
    const res = await app.gql(RELATIONS, { measureId: ids.measureId, paymentId: ids.paymentId }, a.staff);
    expect(res.errors).toBeUndefined();
    const program = { id: ids.programId, name: 'A secret program' };
    expect(res.data).toEqual({ measure: { id: ids.measureId, program }, incentivePayment: { id: ids.paymentId, program } });
  });

  it('org B cannot reach org A’s program through A’s measure or payment, by query or by _entities', async () => {
    const { b, ids } = await twoOrgs();
    const direct = await app.gql(RELATIONS, { measureId: ids.measureId, paymentId: ids.paymentId }, b.admin);
    expect(direct.errors).toBeUndefined();
    expect(direct.data).toEqual({ measure: null, incentivePayment: null });

    const entities = await app.gql(`query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Measure { id program { id name } } ... on IncentivePayment { id program { id name } } } }`,
    { r: [{ __typename: 'Measure', id: ids.measureId, program: { id: ids.programId } }, { __typename: 'IncentivePayment', id: ids.paymentId }] }, b.admin);
    expect(entities.errors).toBeUndefined();
    expect(entities.data._entities).toEqual([null, null]);
  });

  it('each organization’s measures and payments point at its own program, side by side', async () => {
    const { a, b, ids } = await twoOrgs();
    const own = await createProgram(app, b.admin, { name: 'B program' });
    const m = await addMeasure(app, b.admin, own.id);
    const p = await recordPayment(app, b.admin, own.id);
    const bRes = await app.gql(RELATIONS, { measureId: m.id, paymentId: p.id }, b.admin);
    expect(bRes.data.measure.program).toEqual({ id: own.id, name: 'B program' });
    expect(bRes.data.incentivePayment.program).toEqual({ id: own.id, name: 'B program' });
    const aRes = await app.gql(`query ($id: ID!) { program(id: $id) { measures { id } incentivePayments { id } } }`, { id: ids.programId }, a.admin);
    expect(aRes.data.program).toEqual({ measures: [{ id: ids.measureId }], incentivePayments: [{ id: ids.paymentId }] });
  });
});
