import { randomUUID } from 'node:crypto';
import { addMeasure, archiveProgram, createProgram, MEASURE_FIELDS } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const ADD = `mutation ($programId: ID!, $input: MeasureInput!) {
  addMeasure(programId: $programId, input: $input) { ${MEASURE_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateMeasureInput!) { updateMeasure(id: $id, input: $input) { ${MEASURE_FIELDS} } }`;
const DELETE = 'mutation ($id: ID!) { deleteMeasure(id: $id) }';
const MEASURE = `query ($id: ID!) { measure(id: $id) { ${MEASURE_FIELDS} } }`;
const MEASURES = `query ($id: ID!, $level: PerformanceLevel) {
  program(id: $id) { measures(performanceLevel: $level) { id measureId } } }`;

const VALID = { measureId: 'BCS', measureName: 'Breast Cancer Screening', numerator: 3, denominator: 4, benchmark: 0.75 };

async function newProgram() {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  return { org, program };
}

const readMeasure = async (token: string, id: string) => (await app.gql(MEASURE, { id }, token)).data?.measure ?? null;
const measureIdsOf = async (token: string, programId: string, level?: string) =>
  ((await app.gql(MEASURES, { id: programId, level }, token)).data.program.measures as { measureId: string }[])
    .map((m) => m.measureId);

describe('addMeasure input rules', () => {
  it.each([
    { rule: 'measureId of 64 allowed characters', input: { measureId: 'A'.repeat(64) }, stored: { measureId: 'A'.repeat(64) } },
    { rule: 'measureId with _ . - and digits', input: { measureId: 'HEDIS_BCS-E.v2' }, stored: { measureId: 'HEDIS_BCS-E.v2' } },
    { rule: 'measureId is trimmed', input: { measureId: '  BCS  ' }, stored: { measureId: 'BCS' } },
    { rule: 'measureName is trimmed', input: { measureName: '  Screening  ' }, stored: { measureName: 'Screening' } },
    { rule: 'measureName of 200 characters', input: { measureName: 'n'.repeat(200) }, stored: { measureName: 'n'.repeat(200) } },
    { rule: 'measureName of 200 non-BMP characters', input: { measureName: '😀'.repeat(200) }, stored: { measureName: '😀'.repeat(200) } },
    { rule: 'numerator 0', input: { numerator: 0 }, stored: { numerator: 0, rate: 0 } },
    { rule: 'numerator = denominator = 2147483647', input: { numerator: 2147483647, denominator: 2147483647 }, stored: { numerator: 2147483647, denominator: 2147483647, rate: 1 } },
    { rule: 'benchmark 0', input: { benchmark: 0 }, stored: { benchmark: 0 } },
    { rule: 'benchmark 1', input: { benchmark: 1 }, stored: { benchmark: 1 } },
    { rule: 'source defaults to MANUAL', input: {}, stored: { source: 'MANUAL', lastSyncedAt: null } },
    { rule: 'source CLINICAL is kept', input: { source: 'CLINICAL' }, stored: { source: 'CLINICAL' } },
  ])('accepts $rule', async ({ input, stored }) => {
    const { org, program } = await newProgram();
    const res = await app.gql(ADD, { programId: program.id, input: { ...VALID, ...input } }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.addMeasure).toMatchObject({ ...stored, program: { id: program.id } });
    expect(await readMeasure(org.admin, res.data.addMeasure.id)).toMatchObject(stored);
  });

  it.each([
    { rule: 'measureId of 65 characters', input: { measureId: 'A'.repeat(65) }, field: 'input.measureId' },
    { rule: 'measureId with a space', input: { measureId: 'BC S' }, field: 'input.measureId' },
    { rule: 'empty measureId', input: { measureId: '' }, field: 'input.measureId' },
    { rule: 'blank measureId', input: { measureId: '   ' }, field: 'input.measureId' },
    { rule: 'measureId with a slash', input: { measureId: 'BCS/1' }, field: 'input.measureId' },
    { rule: 'null measureId', input: { measureId: null }, field: 'input.measureId' },
    { rule: 'empty measureName', input: { measureName: '' }, field: 'input.measureName' },
    { rule: 'blank measureName', input: { measureName: '  \t ' }, field: 'input.measureName' },
    { rule: 'measureName of 201 characters', input: { measureName: 'n'.repeat(201) }, field: 'input.measureName' },
    { rule: 'negative numerator', input: { numerator: -1 }, field: 'input.numerator' },
    { rule: 'denominator 0', input: { numerator: 0, denominator: 0 }, field: 'input.denominator' },
    { rule: 'numerator above denominator', input: { numerator: 5, denominator: 4 }, field: 'input.numerator' },
    { rule: 'numerator above 2147483647 (GraphQL Int)', input: { numerator: 2147483648, denominator: 2147483647 }, field: 'input.numerator' },
    { rule: 'denominator above 2147483647 (GraphQL Int)', input: { denominator: 2147483648 }, field: 'input.denominator' },
    { rule: 'fractional numerator', input: { numerator: 1.5 }, field: 'input.numerator' },
    { rule: 'benchmark 1.00004 (checked before rounding)', input: { benchmark: 1.00004 }, field: 'input.benchmark' },
    { rule: 'benchmark -0.0001', input: { benchmark: -0.0001 }, field: 'input.benchmark' },
    { rule: 'benchmark 75 (a percentage)', input: { benchmark: 75 }, field: 'input.benchmark' },
    { rule: 'unknown source', input: { source: 'FAX' }, field: 'input.source' },
  ])('refuses $rule with BAD_USER_INPUT on $field and stores nothing', async ({ input, field }) => {
    const { org, program } = await newProgram();
    const res = await app.gql(ADD, { programId: program.id, input: { ...VALID, ...input } }, org.admin);
    expectRefused(res, 'BAD_USER_INPUT', field);
    expect(await measureIdsOf(org.admin, program.id)).toEqual([]);
  });

  it.each([
    { sent: 0.12345, stored: 0.1235 },
    { sent: 0.00005, stored: 0.0001 },
    { sent: 0.00004, stored: 0 },
    { sent: 0.99995, stored: 1 },
    { sent: 0.7, stored: 0.7 },
  ])('stores benchmark $sent rounded half-up to 4 decimals as $stored', async ({ sent, stored }) => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id, { numerator: 0, denominator: 10, benchmark: sent });
    expect(m.benchmark).toBe(stored);
    expect((await readMeasure(org.admin, m.id)).benchmark).toBe(stored);
  });
});

describe('derived figures: rate, performanceLevel, gapToBenchmark', () => {
  it.each([
    { numerator: 3, denominator: 4, benchmark: 0.75, rate: 0.75, level: 'EXCEEDED', gap: 0 },
    { numerator: 55, denominator: 100, benchmark: 0.55, rate: 0.55, level: 'EXCEEDED', gap: 0 }, // float: 0.55*100 > 55
    { numerator: 29, denominator: 100, benchmark: 0.29, rate: 0.29, level: 'EXCEEDED', gap: 0 }, // float: 0.29*100 > 29
    { numerator: 7, denominator: 100, benchmark: 0.07, rate: 0.07, level: 'EXCEEDED', gap: 0 }, // float: 0.07*100 > 7
    { numerator: 6, denominator: 100, benchmark: 0.07, rate: 0.06, level: 'NOT_MET', gap: 1 }, // float ceil would give 2
    { numerator: 10, denominator: 100, benchmark: 0.55, rate: 0.1, level: 'NOT_MET', gap: 45 },
    { numerator: 3, denominator: 160, benchmark: 0.5, rate: 0.0188, level: 'NOT_MET', gap: 77 }, // toFixed gives 0.0187
    { numerator: 1, denominator: 3, benchmark: 0.5, rate: 0.3333, level: 'NOT_MET', gap: 1 },
    { numerator: 2, denominator: 3, benchmark: 0.6667, rate: 0.6667, level: 'NOT_MET', gap: 1 },
    { numerator: 0, denominator: 5, benchmark: 0, rate: 0, level: 'EXCEEDED', gap: 0 },
    { numerator: 99, denominator: 100, benchmark: 1, rate: 0.99, level: 'NOT_MET', gap: 1 },
  ])('$numerator/$denominator against $benchmark: rate $rate, $level, gap $gap', async ({ numerator, denominator, benchmark, ...want }) => {
    const { org, program } = await newProgram();
    const m = await addMeasure(app, org.admin, program.id, { numerator, denominator, benchmark });
    const expected = { rate: want.rate, performanceLevel: want.level, gapToBenchmark: want.gap };
    expect(m).toMatchObject(expected);
    expect(await readMeasure(org.admin, m.id)).toMatchObject(expected);
  });
});

describe('measureId uniqueness', () => {
  it('refuses the same measureId twice in one program with CONFLICT on input.measureId', async () => {
    const { org, program } = await newProgram();
    await addMeasure(app, org.admin, program.id, { measureId: 'BCS', measureName: 'First' });
    const res = await app.gql(ADD, { programId: program.id, input: { ...VALID, measureId: ' BCS ', measureName: 'Second' } }, org.admin);
    expectRefused(res, 'CONFLICT', 'input.measureId');
    const got = (await app.gql(`query ($id: ID!) { program(id: $id) { measures { measureName } } }`, { id: program.id }, org.admin));
    expect(got.data.program.measures).toEqual([{ measureName: 'First' }]);
  });

  it('concurrent adds of one measureId store it once; the others get CONFLICT', async () => {
    const { org, program } = await newProgram();
    const results = await Promise.all([1, 2, 3, 4].map(() => app.gql(ADD, { programId: program.id, input: VALID }, org.admin)));
    expect(results.filter((r) => r.data?.addMeasure)).toHaveLength(1);
    expect(results.flatMap((r) => (r.errors ?? []).map((e) => [e.extensions!.code, e.extensions!.field])))
      .toEqual(Array(3).fill(['CONFLICT', 'input.measureId']));
    expect(await measureIdsOf(org.admin, program.id)).toEqual(['BCS']);
  });

  it('allows the same measureId in another program', async () => {
    const { org, program } = await newProgram();
    const other = await createProgram(app, org.admin, { name: 'Quality Bonus' });
    await addMeasure(app, org.admin, program.id);
    const res = await app.gql(ADD, { programId: other.id, input: VALID }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(await measureIdsOf(org.admin, other.id)).toEqual(['BCS']);
  });

  it('refuses updateMeasure to a measureId already used in the program with CONFLICT', async () => {
    const { org, program } = await newProgram();
    await addMeasure(app, org.admin, program.id, { measureId: 'BCS' });
    const cdc = await addMeasure(app, org.admin, program.id, { measureId: 'CDC' });
    const res = await app.gql(UPDATE, { id: cdc.id, input: { measureId: 'BCS' } }, org.admin);
    expectRefused(res, 'CONFLICT', 'input.measureId');
    expect(await readMeasure(org.admin, cdc.id)).toMatchObject({ measureId: 'CDC' });
  });
});

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
