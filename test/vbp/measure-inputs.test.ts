import { addMeasure, createProgram } from '../helpers/factories';
import { expectRefused } from '../helpers/refusals';
import { bootApp, ADD, UPDATE, VALID, app, measureIdsOf, newProgram, readMeasure } from '../helpers/vbp-measures';

bootApp();

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
