import { randomUUID } from 'node:crypto';
import { addMeasure, archiveProgram, createProgram } from '../helpers/factories';
import { codes, type GraphQLResponse, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const TERMS = 'incentiveTerms { maxIncentive qualityGate atRiskAmount measureWeights { measureId weight } }';
const SET = `mutation ($programId: ID!, $input: IncentiveTermsInput) {
  setIncentiveTerms(programId: $programId, input: $input) { id ${TERMS} } }`;
const READ = `query ($id: ID!) { program(id: $id) { id ${TERMS} } }`;

/** A program with measures BCS and CBP. */
async function newProgram() {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  await addMeasure(app, org.admin, program.id, { measureId: 'BCS' });
  await addMeasure(app, org.admin, program.id, { measureId: 'CBP' });
  return { org, program };
}

const set = (token: string, programId: string, input: unknown) => app.gql(SET, { programId, input }, token);
const termsOf = async (token: string, id: string) => (await app.gql(READ, { id }, token)).data.program.incentiveTerms;

function expectRefused(res: GraphQLResponse, code: string, field?: string) {
  expect(res.data ?? null).toBeNull();
  expect(codes(res)).toEqual([code]);
  if (field) expect(res.errors![0].extensions!.field).toBe(field);
}

describe('setIncentiveTerms', () => {
  it('sets terms (defaults for what is omitted), returns them, and a second read shows the same', async () => {
    const { org, program } = await newProgram();
    expect(await termsOf(org.staff, program.id)).toBeNull();
    const res = await set(org.admin, program.id, { maxIncentive: '5000' });
    const expected = { maxIncentive: '5000.00', qualityGate: null, atRiskAmount: '0.00', measureWeights: [] };
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ setIncentiveTerms: { id: program.id, incentiveTerms: expected } });
    expect(await termsOf(org.staff, program.id)).toEqual(expected);
  });

  it('replaces whole: weights trimmed, rounded to 4 decimals, ordered by measureId; an omitted field takes its default again', async () => {
    const { org, program } = await newProgram();
    await set(org.admin, program.id, { maxIncentive: '100.00', qualityGate: 0.8, atRiskAmount: '25.50', measureWeights: [{ measureId: 'BCS', weight: 2 }] });
    const res = await set(org.admin, program.id, {
      maxIncentive: 250.5, qualityGate: 0.33333333,
      measureWeights: [{ measureId: ' CBP ', weight: 1.00005 }, { measureId: 'BCS', weight: 0.00005 }],
    });
    const expected = {
      maxIncentive: '250.50', qualityGate: 0.33333333, atRiskAmount: '0.00',
      measureWeights: [{ measureId: 'BCS', weight: 0.0001 }, { measureId: 'CBP', weight: 1.0001 }],
    };
    expect(res.errors).toBeUndefined();
    expect(res.data.setIncentiveTerms.incentiveTerms).toEqual(expected);
    expect(await termsOf(org.staff, program.id)).toEqual(expected);
    // Without weights the list is empty again: every measure weighs 1.
    await set(org.admin, program.id, { maxIncentive: '1.00' });
    expect((await termsOf(org.staff, program.id)).measureWeights).toEqual([]);
  });

  it('input null removes the terms (and removing none is no error)', async () => {
    const { org, program } = await newProgram();
    await set(org.admin, program.id, { maxIncentive: '10.00', measureWeights: [{ measureId: 'BCS', weight: 1 }] });
    expect((await set(org.admin, program.id, null)).data).toEqual({ setIncentiveTerms: { id: program.id, incentiveTerms: null } });
    expect(await termsOf(org.staff, program.id)).toBeNull();
    expect((await set(org.admin, program.id, null)).errors).toBeUndefined();
    // The weights went with them: new terms start from none.
    await set(org.admin, program.id, { maxIncentive: '10.00' });
    expect((await termsOf(org.staff, program.id)).measureWeights).toEqual([]);
  });

  const ok = { maxIncentive: '100.00' };
  it.each([
    { rule: 'maxIncentive negative', input: { ...ok, maxIncentive: '-0.01' }, field: 'input.maxIncentive' },
    { rule: 'maxIncentive with 3 decimals', input: { ...ok, maxIncentive: '1.005' }, field: 'input.maxIncentive' },
    { rule: 'maxIncentive of 10^12', input: { ...ok, maxIncentive: '1000000000000' }, field: 'input.maxIncentive' },
    { rule: 'atRiskAmount negative', input: { ...ok, atRiskAmount: '-1' }, field: 'input.atRiskAmount' },
    { rule: 'atRiskAmount null', input: { ...ok, atRiskAmount: null }, field: 'input.atRiskAmount' },
    { rule: 'qualityGate above 1', input: { ...ok, qualityGate: 1.00001 }, field: 'input.qualityGate' },
    { rule: 'qualityGate below 0', input: { ...ok, qualityGate: -0.1 }, field: 'input.qualityGate' },
    { rule: 'a weight of 0', input: { ...ok, measureWeights: [{ measureId: 'BCS', weight: 0 }] }, field: 'input.measureWeights.0.weight' },
    { rule: 'a negative weight', input: { ...ok, measureWeights: [{ measureId: 'BCS', weight: -1 }] }, field: 'input.measureWeights.0.weight' },
    { rule: 'a weight over 1000', input: { ...ok, measureWeights: [{ measureId: 'BCS', weight: 1000.00001 }] }, field: 'input.measureWeights.0.weight' },
    { rule: 'a weight rounding to 0', input: { ...ok, measureWeights: [{ measureId: 'BCS', weight: 0.00004999 }] }, field: 'input.measureWeights.0.weight' },
    { rule: 'a measureId twice (after trimming)', input: { ...ok, measureWeights: [{ measureId: 'BCS', weight: 1 }, { measureId: ' BCS', weight: 2 }] }, field: 'input.measureWeights' },
    { rule: 'a measureId the program does not have', input: { ...ok, measureWeights: [{ measureId: 'COL', weight: 1 }] }, field: 'input.measureWeights' },
    { rule: 'a measureId differing in case', input: { ...ok, measureWeights: [{ measureId: 'bcs', weight: 1 }] }, field: 'input.measureWeights' },
    { rule: 'a measureId with NUL', input: { ...ok, measureWeights: [{ measureId: 'BCS\u0000', weight: 1 }] }, field: 'input.measureWeights.0.measureId' },
    { rule: 'more than 200 weights', input: { ...ok, measureWeights: Array.from({ length: 201 }, (_, i) => ({ measureId: `M${i}`, weight: 1 })) }, field: 'input.measureWeights' },
  ])('$rule is BAD_USER_INPUT on $field and changes nothing', async ({ input, field }) => {
    const { org, program } = await newProgram();
    await set(org.admin, program.id, { maxIncentive: '7.00' });
    expectRefused(await set(org.admin, program.id, input), 'BAD_USER_INPUT', field);
    expect((await termsOf(org.staff, program.id)).maxIncentive).toBe('7.00');
  });

  it('200 weights are allowed', async () => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    const weights = Array.from({ length: 200 }, (_, i) => ({ measureId: `M${String(i).padStart(3, '0')}`, weight: 1 }));
    for (const w of weights) await addMeasure(app, org.admin, program.id, { measureId: w.measureId });
    const res = await set(org.admin, program.id, { maxIncentive: '1.00', measureWeights: weights });
    expect(res.errors).toBeUndefined();
    expect(res.data.setIncentiveTerms.incentiveTerms.measureWeights).toHaveLength(200);
  });

  it('is READ_ONLY on an archived program, with input or null, and the terms stay', async () => {
    const { org, program } = await newProgram();
    await set(org.admin, program.id, { maxIncentive: '9.00' });
    await archiveProgram(app, org.admin, program.id);
    expectRefused(await set(org.admin, program.id, { maxIncentive: '1.00' }), 'READ_ONLY');
    expectRefused(await set(org.admin, program.id, null), 'READ_ONLY');
    expect((await termsOf(org.staff, program.id)).maxIncentive).toBe('9.00');
  });

  it('needs pm.vbp.manage: view can read the terms, not set them', async () => {
    const { org, program } = await newProgram();
    await set(org.admin, program.id, { maxIncentive: '3.00' });
    expectRefused(await set(org.staff, program.id, { maxIncentive: '1.00' }), 'FORBIDDEN');
    expectRefused(await set(org.staff, program.id, null), 'FORBIDDEN');
    expect((await termsOf(org.staff, program.id)).maxIncentive).toBe('3.00');
    const none = await tokenFor(org.orgId, [], []);
    expect(codes(await app.gql(READ, { id: program.id }, none))).toEqual(['FORBIDDEN']);
  });

  it("another organization's program is NOT_FOUND, and its terms are neither read nor changed", async () => {
    const { org, program } = await newProgram();
    await set(org.admin, program.id, { maxIncentive: '8.00' });
    const other = await newOrg();
    expectRefused(await set(other.admin, program.id, { maxIncentive: '1.00' }), 'NOT_FOUND');
    expectRefused(await set(other.admin, program.id, null), 'NOT_FOUND');
    expectRefused(await set(other.admin, randomUUID(), null), 'NOT_FOUND');
    expectRefused(await set(other.admin, 'not-a-uuid', null), 'NOT_FOUND');
    expect((await app.gql(READ, { id: program.id }, other.staff)).data.program).toBeNull();
    expect((await termsOf(org.staff, program.id)).maxIncentive).toBe('8.00');
  });

  it('two concurrent settings of one program both succeed (the program row serializes them) and one of them stands whole', async () => {
    const { org, program } = await newProgram();
    const a = { maxIncentive: '1.00', measureWeights: [{ measureId: 'BCS', weight: 1 }] };
    const b = { maxIncentive: '2.00', measureWeights: [{ measureId: 'BCS', weight: 2 }, { measureId: 'CBP', weight: 3 }] };
    const results = await Promise.all([set(org.admin, program.id, a), set(org.admin, program.id, b), set(org.admin, program.id, a)]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    const terms = await termsOf(org.staff, program.id);
    expect([
      { maxIncentive: '1.00', qualityGate: null, atRiskAmount: '0.00', measureWeights: [{ measureId: 'BCS', weight: 1 }] },
      { maxIncentive: '2.00', qualityGate: null, atRiskAmount: '0.00', measureWeights: [{ measureId: 'BCS', weight: 2 }, { measureId: 'CBP', weight: 3 }] },
    ]).toContainEqual(terms);
  });
});
