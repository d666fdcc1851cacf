import { randomUUID } from 'node:crypto';
import { addMeasure, archiveProgram } from '../helpers/factories';
import { codes } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, ADD, DELETE, MEASURE, UPDATE, VALID, app, measureIdsOf, newProgram, readMeasure } from '../helpers/vbp-measures';

bootApp();

describe('updateMeasure', () => {
  it('changes only the given fields and recomputes the derived ones', async () => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id, { numerator: 10, denominator: 100, benchmark: 0.55, source: 'CLINICAL' });
    const res = await app.gql(UPDATE, { id: m.id, input: { numerator: 60, benchmark: 0.12345 } }, org.admin);
    const expected = {
      id: m.id, measureId: 'BCS', measureName: 'Breast Cancer Screening', numerator: 60, denominator: 100,
      benchmark: 0.1235, rate: 0.6, performanceLevel: 'EXCEEDED', gapToBenchmark: 0, source: 'CLINICAL',
    };
    expect(res.errors).toBeUndefined();
    expect(res.data.updateMeasure).toMatchObject(expected);
    expect(await readMeasure(org.admin, m.id)).toMatchObject(expected);
  });

  it.each([
    { rule: 'trims a new measureId', measureId: '  CDC ', stored: 'CDC' },
    { rule: 'accepts the measure\'s own measureId (no CONFLICT with itself)', measureId: ' BCS', stored: 'BCS' },
  ])('$rule', async ({ measureId, stored }) => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id);
    const res = await app.gql(UPDATE, { id: m.id, input: { measureId } }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateMeasure.measureId).toBe(stored);
    expect(await measureIdsOf(org.admin, program.id)).toEqual([stored]);
  });

  it.each([
    { rule: 'a denominator below the stored numerator', stored: { numerator: 50, denominator: 100 }, input: { denominator: 40 }, field: 'input.numerator' },
    { rule: 'a numerator above the stored denominator', stored: { numerator: 50, denominator: 100 }, input: { numerator: 101 }, field: 'input.numerator' },
    { rule: 'explicit null measureId', stored: {}, input: { measureId: null }, field: 'input.measureId' },
    { rule: 'explicit null measureName', stored: {}, input: { measureName: null }, field: 'input.measureName' },
    { rule: 'explicit null numerator', stored: {}, input: { numerator: null }, field: 'input.numerator' },
    { rule: 'explicit null denominator', stored: {}, input: { denominator: null }, field: 'input.denominator' },
    { rule: 'explicit null benchmark', stored: {}, input: { benchmark: null }, field: 'input.benchmark' },
    { rule: 'explicit null source', stored: {}, input: { source: null }, field: 'input.source' },
    { rule: 'measureId with a space', stored: {}, input: { measureId: 'BC S' }, field: 'input.measureId' },
    { rule: 'blank measureName', stored: {}, input: { measureName: '  ' }, field: 'input.measureName' },
    { rule: 'benchmark 1.00004', stored: {}, input: { benchmark: 1.00004 }, field: 'input.benchmark' },
    { rule: 'denominator 0', stored: { numerator: 0 }, input: { denominator: 0 }, field: 'input.denominator' },
    { rule: 'numerator above 2147483647', stored: {}, input: { numerator: 2147483648 }, field: 'input.numerator' },
  ])('refuses $rule with BAD_USER_INPUT on $field and changes nothing', async ({ stored, input, field }) => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id, stored);
    const before = await readMeasure(org.admin, m.id);
    expectRefused(await app.gql(UPDATE, { id: m.id, input }, org.admin), 'BAD_USER_INPUT', field);
    expect(await readMeasure(org.admin, m.id)).toEqual(before);
  });
});

describe('deleteMeasure', () => {
  it('deletes for real and returns the id', async () => {
    const { org, program } = await newProgram();
    const bcs = await addMeasure(app, org.admin, program.id, { measureId: 'BCS' });
    await addMeasure(app, org.admin, program.id, { measureId: 'CDC' });
    const res = await app.gql(DELETE, { id: bcs.id }, org.admin);
    expect(res).toMatchObject({ data: { deleteMeasure: bcs.id } });
    expect(await readMeasure(org.admin, bcs.id)).toBeNull();
    expect(await measureIdsOf(org.admin, program.id)).toEqual(['CDC']);
    expectRefused(await app.gql(DELETE, { id: bcs.id }, org.admin), 'NOT_FOUND');
  });

  it('a later field of the same mutation request no longer lists the deleted measure', async () => {
    const { org, program } = await newProgram();
    const bcs = await addMeasure(app, org.admin, program.id, { measureId: 'BCS' });
    await addMeasure(app, org.admin, program.id, { measureId: 'CDC' });
    const res = await app.gql(`mutation ($id: ID!, $programId: ID!) {
      before: updateMeasure(id: $id, input: {}) { program { measures { measureId } } }
      deleted: deleteMeasure(id: $id)
      after: updateProgram(id: $programId, input: {}) { measures { measureId } summary { measureCount } } }`,
    { id: bcs.id, programId: program.id }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.before.program.measures).toEqual([{ measureId: 'BCS' }, { measureId: 'CDC' }]);
    expect(res.data.after).toEqual({ measures: [{ measureId: 'CDC' }], summary: { measureCount: 1 } });
  });

  it('frees the measureId for a new measure', async () => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id);
    await app.gql(DELETE, { id: m.id }, org.admin);
    expect((await app.gql(ADD, { programId: program.id, input: VALID }, org.admin)).errors).toBeUndefined();
  });
});

describe('ids of other organizations and malformed ids', () => {
  it.each([
    { kind: "another organization's measure", foreign: true },
    { kind: 'an unknown UUID', id: randomUUID() },
    { kind: 'a malformed id', id: 'not-a-uuid' },
    { kind: 'an SQL-looking id', id: "1' OR '1'='1" },
  ])('$kind: measure(id) is null, update and delete are NOT_FOUND', async ({ foreign, id }) => {
    const owner = await newProgram();
    const theirs = await addMeasure(app, owner.org.admin, owner.program.id);
    const caller = await newOrg();
    const target = foreign ? theirs.id : id!;
    expect(await app.gql(MEASURE, { id: target }, caller.admin)).toEqual({ status: 200, data: { measure: null } });
    expectRefused(await app.gql(UPDATE, { id: target, input: { numerator: 0 } }, caller.admin), 'NOT_FOUND');
    expectRefused(await app.gql(DELETE, { id: target }, caller.admin), 'NOT_FOUND');
    expect(await readMeasure(owner.org.admin, theirs.id)).toMatchObject({ numerator: 3, measureId: 'BCS' });
  });

  it("addMeasure to another organization's program is NOT_FOUND and stores nothing", async () => {
    const owner = await newProgram();
    const caller = await newOrg();
    expectRefused(await app.gql(ADD, { programId: owner.program.id, input: VALID }, caller.admin), 'NOT_FOUND');
    expect(await measureIdsOf(owner.org.admin, owner.program.id)).toEqual([]);
  });
});

describe('Program.measures', () => {
  it('orders by measureId in byte order', async () => {
    const { org, program } = await newProgram();
    for (const measureId of ['b', 'B', 'a', 'Z', '_x', '1', 'a.b', 'a-b']) await addMeasure(app, org.admin, program.id, { measureId });
    expect(await measureIdsOf(org.admin, program.id)).toEqual(['1', 'B', 'Z', '_x', 'a', 'a-b', 'a.b', 'b']);
  });

  it.each([
    { rule: 'performanceLevel EXCEEDED lists only EXCEEDED measures', level: 'EXCEEDED', expected: ['A_MET', 'C_EDGE'] },
    { rule: 'performanceLevel NOT_MET lists only NOT_MET measures', level: 'NOT_MET', expected: ['B_GAP', 'D_FLOAT'] },
    { rule: 'no performanceLevel lists every measure', level: undefined, expected: ['A_MET', 'B_GAP', 'C_EDGE', 'D_FLOAT'] },
  ])('$rule', async ({ level, expected }) => {
    const { org, program } = await newProgram();
    await addMeasure(app, org.admin, program.id, { measureId: 'D_FLOAT', numerator: 6, denominator: 100, benchmark: 0.07 });
    await addMeasure(app, org.admin, program.id, { measureId: 'C_EDGE', numerator: 55, denominator: 100, benchmark: 0.55 });
    await addMeasure(app, org.admin, program.id, { measureId: 'B_GAP', numerator: 10, denominator: 100, benchmark: 0.55 });
    await addMeasure(app, org.admin, program.id, { measureId: 'A_MET', numerator: 9, denominator: 10, benchmark: 0.5 });
    expect(await measureIdsOf(org.admin, program.id, level)).toEqual(expected);
  });
});

describe('archived programs are read-only', () => {
  it('refuses add, update and delete of measures with READ_ONLY and changes nothing', async () => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id);
    await archiveProgram(app, org.admin, program.id);
    const before = await readMeasure(org.admin, m.id);
    expectRefused(await app.gql(ADD, { programId: program.id, input: { ...VALID, measureId: 'CDC' } }, org.admin), 'READ_ONLY');
    expectRefused(await app.gql(UPDATE, { id: m.id, input: { numerator: 0 } }, org.admin), 'READ_ONLY');
    expectRefused(await app.gql(DELETE, { id: m.id }, org.admin), 'READ_ONLY');
    expect(await readMeasure(org.admin, m.id)).toEqual(before);
    expect(await measureIdsOf(org.admin, program.id)).toEqual(['BCS']);
  });
});

describe('permissions', () => {
  it('staff and site admins read measures', async () => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id);
    for (const token of [org.staff, org.siteAdmin]) {
      expect(await readMeasure(token, m.id)).toMatchObject({ id: m.id, measureId: 'BCS' });
      expect(await measureIdsOf(token, program.id)).toEqual(['BCS']);
    }
  });

  it.each(['staff', 'siteAdmin', 'service'] as const)('%s mutations are FORBIDDEN and store nothing', async (role) => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id);
    const before = await readMeasure(org.admin, m.id);
    const token = org[role];
    expectRefused(await app.gql(ADD, { programId: program.id, input: { ...VALID, measureId: 'CDC' } }, token), 'FORBIDDEN');
    expectRefused(await app.gql(UPDATE, { id: m.id, input: { numerator: 0 } }, token), 'FORBIDDEN');
    expectRefused(await app.gql(DELETE, { id: m.id }, token), 'FORBIDDEN');
    expect(await readMeasure(org.admin, m.id)).toEqual(before);
    expect(await measureIdsOf(org.admin, program.id)).toEqual(['BCS']);
  });

  it('a request without a token is UNAUTHENTICATED', async () => {
    const { program } = await newProgram();
    expect(codes(await app.gql(ADD, { programId: program.id, input: VALID }))).toEqual(['UNAUTHENTICATED']);
  });
});
