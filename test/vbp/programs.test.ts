import { randomUUID } from 'node:crypto';
import { addMeasure, archiveProgram, createProgram, MEASURE_FIELDS, PAYMENT_FIELDS, PROGRAM_FIELDS, recordPayment } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, type TestOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const CREATE = `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { ${PROGRAM_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateProgramInput!) { updateProgram(id: $id, input: $input) { ${PROGRAM_FIELDS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveProgram(id: $id) { ${PROGRAM_FIELDS} } }`;
const READ = `query ($id: ID!) { program(id: $id) { ${PROGRAM_FIELDS} } }`;
const CHILDREN = `query ($id: ID!) { program(id: $id) { measures { ${MEASURE_FIELDS} } incentivePayments { ${PAYMENT_FIELDS} } } }`;
const LIST = `query ($filter: ProgramFilter, $first: Int, $after: String) {
  programs(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`;

const BASE = { name: 'Shared Savings 2025', contractType: 'SHARED_SAVINGS', measurementPeriod: 'CY2025' };
type Row = Record<string, unknown> & { id: string };

const create = (token: string, input: Record<string, unknown>) => app.gql(CREATE, { input: { ...BASE, ...input } }, token);
const update = (token: string, id: string, input: Record<string, unknown>) => app.gql(UPDATE, { id, input }, token);
const read = async (token: string, id: string) => (await app.gql(READ, { id }, token)).data?.program as Row | null;
async function list(token: string, variables: Record<string, unknown> = {}) {
  const res = await app.gql(LIST, { first: 100, ...variables }, token);
  expect(res.errors).toBeUndefined();
  return res.data.programs as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; name: string } }[] };
}
const names = async (token: string, filter?: Record<string, unknown>) => (await list(token, { filter })).edges.map((e) => e.node.name);
const countOf = async (token: string) => (await list(token)).totalCount;

const programOf = (org: TestOrg, fields: Record<string, unknown>) => ({
  id: expect.any(String), organizationId: org.orgId, contractType: 'SHARED_SAVINGS', status: 'ACTIVE', notes: null,
  archived: false, archivedAt: null, createdAt: expect.any(String), updatedAt: expect.any(String), payer: null, ...fields,
});

describe('createProgram', () => {
  it('trims text, applies the defaults and stores what it returns', async () => {
    const org = await newOrg();
    const res = await create(org.admin, { name: '  Trim me\t', measurementPeriod: ' 2025-Q2 ', notes: '  a note  ' });
    const expected = programOf(org, { name: 'Trim me', measurementPeriod: '2025-Q2', periodStart: '2025-04-01',
      periodEnd: '2025-06-30', notes: 'a note' });
    expect(res).toEqual({ status: 200, data: { createProgram: expected } });
    expect(await read(org.admin, res.data.createProgram.id)).toEqual(res.data.createProgram);
  });

  it('links a payer by id when payerId is given', async () => {
    const org = await newOrg();
    const res = await create(org.admin, { payerId: 'payer-42', contractType: 'QUALITY_BONUS', status: 'SUSPENDED' });
    expect(res.data.createProgram).toMatchObject({ payer: { id: 'payer-42' }, contractType: 'QUALITY_BONUS', status: 'SUSPENDED' });
    expect(await read(org.admin, res.data.createProgram.id)).toEqual(res.data.createProgram);
  });

  it.each([
    { rule: 'name of 200 characters', input: { name: 'n'.repeat(200) } },
    { rule: 'name of 200 characters once trimmed', input: { name: `  ${'n'.repeat(200)}  ` } },
    { rule: 'name of 200 astral characters (code points)', input: { name: '😀'.repeat(200) } },
    { rule: 'measurementPeriod of 50 characters', input: { measurementPeriod: 'p'.repeat(50) } },
    { rule: 'notes of 4000 characters', input: { notes: 'x'.repeat(4000) } },
  ])('accepts $rule', async ({ input }) => {
    const org = await newOrg();
    const res = await create(org.admin, input);
    const stored = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v.trim()]));
    expect(res.data.createProgram).toMatchObject(stored);
    expect(await read(org.admin, res.data.createProgram.id)).toMatchObject(stored);
  });

  it.each([
    { rule: 'an empty name', input: { name: '' }, field: 'input.name' },
    { rule: 'a blank name', input: { name: ' \t ' }, field: 'input.name' },
    { rule: 'a name of 201 characters', input: { name: 'n'.repeat(201) }, field: 'input.name' },
    { rule: 'a blank measurementPeriod', input: { measurementPeriod: '   ' }, field: 'input.measurementPeriod' },
    { rule: 'a measurementPeriod of 51 characters', input: { measurementPeriod: 'p'.repeat(51) }, field: 'input.measurementPeriod' },
    { rule: 'notes of 4001 characters', input: { notes: 'x'.repeat(4001) }, field: 'input.notes' },
    // PostgreSQL text cannot hold U+0000: the client's mistake, not an internal error.
    { rule: 'a name with a NUL character', input: { name: 'a\u0000b' }, field: 'input.name' },
    { rule: 'notes with a NUL character', input: { notes: 'a\u0000b' }, field: 'input.notes' },
  ])('refuses $rule on $field and stores nothing', async ({ input, field }) => {
    const org = await newOrg();
    expectRefused(await create(org.admin, input), 'BAD_USER_INPUT', field);
    expect(await countOf(org.admin)).toBe(0);
  });

  it.each(['periodStart', 'periodEnd'].flatMap((field) =>
    ['2025-02-30', '2025-13-01', '2025-00-10', '2025-1-01', 'not-a-date', '2025-02-28T00:00:00Z'].map((value) => ({ field, value }))))(
    'an invalid Date $value in $field is BAD_USER_INPUT on input.$field', async ({ field, value }) => {
      const org = await newOrg();
      expectRefused(await create(org.admin, { [field]: value }), 'BAD_USER_INPUT', `input.${field}`);
      expect(await countOf(org.admin)).toBe(0);
    });

  it.each([
    ['CY2025', '2025-01-01', '2025-12-31'], ['2025', '2025-01-01', '2025-12-31'],
    ['2025-Q1', '2025-01-01', '2025-03-31'], ['2025-Q2', '2025-04-01', '2025-06-30'],
    ['2025-Q3', '2025-07-01', '2025-09-30'], ['2025-Q4', '2025-10-01', '2025-12-31'],
    ['2025-H1', '2025-01-01', '2025-06-30'], ['2025-H2', '2025-07-01', '2025-12-31'],
    ['2025-03', '2025-03-01', '2025-03-31'], ['2024-02', '2024-02-01', '2024-02-29'], ['2025-02', '2025-02-01', '2025-02-28'],
    ['FY2025', null, null], ['2025-Q5', null, null], ['2025-13', null, null], ['Spring 2025', null, null], ['CY2025-2026', null, null],
  ])('measurementPeriod %s derives %s..%s', async (measurementPeriod, periodStart, periodEnd) => {
    const org = await newOrg();
    const res = await create(org.admin, { measurementPeriod });
    expect(res.data.createProgram).toMatchObject({ measurementPeriod, periodStart, periodEnd });
    expect(await read(org.admin, res.data.createProgram.id)).toMatchObject({ periodStart, periodEnd });
  });

  it.each([
    { given: { periodStart: '2025-02-15' }, periodStart: '2025-02-15', periodEnd: '2025-12-31' },
    { given: { periodEnd: '2025-06-30' }, periodStart: '2025-01-01', periodEnd: '2025-06-30' },
    { given: { periodStart: '2025-12-31' }, periodStart: '2025-12-31', periodEnd: '2025-12-31' },
    { given: { periodStart: '2024-02-29', periodEnd: '2026-01-31' }, periodStart: '2024-02-29', periodEnd: '2026-01-31' },
    { given: { measurementPeriod: 'Custom', periodStart: '2025-05-01' }, periodStart: '2025-05-01', periodEnd: null },
    { given: { measurementPeriod: 'Custom', periodEnd: '2025-05-31' }, periodStart: null, periodEnd: '2025-05-31' },
  ])('one end given ($given) keeps it and derives the other', async ({ given, periodStart, periodEnd }) => {
    const org = await newOrg();
    const res = await create(org.admin, given);
    expect(res.data.createProgram).toMatchObject({ periodStart, periodEnd });
    expect(await read(org.admin, res.data.createProgram.id)).toMatchObject({ periodStart, periodEnd });
  });

  it.each([
    { given: { periodStart: '2026-01-01' }, field: 'input.periodStart' }, // after the derived end
    { given: { periodEnd: '2024-12-31' }, field: 'input.periodEnd' }, // before the derived start
    { given: { measurementPeriod: 'Custom', periodStart: '2025-06-02', periodEnd: '2025-06-01' }, field: 'input.periodEnd' },
  ])('periodStart after periodEnd ($given) is refused on $field', async ({ given, field }) => {
    const org = await newOrg();
    expectRefused(await create(org.admin, given), 'BAD_USER_INPUT', field);
    expect(await countOf(org.admin)).toBe(0);
  });
});

describe('updateProgram', () => {
  const full = { payerId: 'payer-1', notes: 'keep me', periodStart: '2025-02-01' };

  it('leaves every missing field unchanged', async () => {
    const org = await newOrg();
    const before = await createProgram(app, org.admin, full);
    const res = await update(org.admin, before.id, { status: 'COMPLETED' });
    expect(res).toEqual({ status: 200, data: { updateProgram: { ...before, status: 'COMPLETED', updatedAt: expect.any(String) } } });
    expect(await read(org.admin, before.id)).toEqual(res.data.updateProgram);
  });

  it.each([
    { field: 'notes', changed: { notes: null } },
    { field: 'payerId', changed: { payer: null } },
    { field: 'periodStart', changed: { periodStart: null } },
    { field: 'periodEnd', changed: { periodEnd: null } },
  ])('explicit null clears the nullable $field', async ({ field, changed }) => {
    const org = await newOrg();
    const before = await createProgram(app, org.admin, full);
    const res = await update(org.admin, before.id, { [field]: null });
    expect(res.data.updateProgram).toEqual({ ...before, ...changed, updatedAt: expect.any(String) });
    expect(await read(org.admin, before.id)).toEqual(res.data.updateProgram);
  });

  it.each([
    { rule: 'null name', input: { name: null }, field: 'input.name' },
    { rule: 'null contractType', input: { contractType: null }, field: 'input.contractType' },
    { rule: 'null status', input: { status: null }, field: 'input.status' },
    { rule: 'null measurementPeriod', input: { measurementPeriod: null }, field: 'input.measurementPeriod' },
    { rule: 'a blank name', input: { name: '   ' }, field: 'input.name' },
    { rule: 'a name of 201 characters', input: { name: 'n'.repeat(201) }, field: 'input.name' },
    { rule: 'notes of 4001 characters', input: { notes: 'x'.repeat(4001) }, field: 'input.notes' },
    { rule: 'an invalid date', input: { periodEnd: '2025-02-30' }, field: 'input.periodEnd' },
    { rule: 'a start after the stored end', input: { periodStart: '2026-01-01' }, field: 'input.periodStart' },
    { rule: 'an end before the stored start', input: { periodEnd: '2025-01-31' }, field: 'input.periodEnd' },
    { rule: 'a start after the newly derived end', input: { measurementPeriod: '2024', periodStart: '2025-06-01' }, field: 'input.periodStart' },
  ])('$rule is BAD_USER_INPUT on $field and changes nothing', async ({ input, field }) => {
    const org = await newOrg();
    const before = await createProgram(app, org.admin, full);
    expectRefused(await update(org.admin, before.id, { status: 'COMPLETED', ...input }), 'BAD_USER_INPUT', field);
    expect(await read(org.admin, before.id)).toEqual(before);
  });

  it.each([
    { input: { measurementPeriod: '2026-Q3' }, periodStart: '2026-07-01', periodEnd: '2026-09-30' },
    { input: { measurementPeriod: '2026-H1', periodEnd: '2026-12-31' }, periodStart: '2026-01-01', periodEnd: '2026-12-31' },
    { input: { measurementPeriod: 'Custom' }, periodStart: null, periodEnd: null },
    { input: { measurementPeriod: ' CY2025 ' }, periodStart: '2025-02-01', periodEnd: '2025-12-31' }, // same period: kept
    { input: { periodEnd: '2025-03-31' }, periodStart: '2025-02-01', periodEnd: '2025-03-31' }, // label unchanged: start kept
  ])('$input gives periodStart $periodStart and periodEnd $periodEnd', async ({ input, periodStart, periodEnd }) => {
    const org = await newOrg();
    const before = await createProgram(app, org.admin, full);
    const res = await update(org.admin, before.id, input);
    expect(res.data.updateProgram).toMatchObject({ periodStart, periodEnd, measurementPeriod: (input.measurementPeriod ?? 'CY2025').trim() });
    expect(await read(org.admin, before.id)).toEqual(res.data.updateProgram);
  });

  it.each(['unknown', 'foreign', 'malformed'])('update and archive of a program id that is %s are NOT_FOUND; the owner sees no change', async (kind) => {
    const [org, owner] = [await newOrg(), await newOrg()];
    const theirs = await createProgram(app, owner.admin, full);
    const id = { unknown: randomUUID(), foreign: theirs.id, malformed: 'not-a-uuid' }[kind]!;
    expectRefused(await update(org.admin, id, { name: 'Taken' }), 'NOT_FOUND');
    expectRefused(await app.gql(ARCHIVE, { id }, org.admin), 'NOT_FOUND');
    expect(await read(owner.admin, theirs.id)).toEqual(theirs);
    expect(await countOf(org.admin)).toBe(0);
  });
});

describe('archiveProgram', () => {
  it('sets archived and archivedAt; twice is a no-op; the program stays readable and listed', async () => {
    const org = await newOrg();
    const before = await createProgram(app, org.admin);
    const first = await app.gql(ARCHIVE, { id: before.id }, org.admin);
    const archived = { ...before, archived: true, archivedAt: expect.any(String), updatedAt: expect.any(String) };
    expect(first).toEqual({ status: 200, data: { archiveProgram: archived } });
    expect(Date.parse(first.data.archiveProgram.archivedAt)).not.toBeNaN();
    const second = await app.gql(ARCHIVE, { id: before.id }, org.admin);
    expect(second).toEqual({ status: 200, data: { archiveProgram: first.data.archiveProgram } });
    expect(await read(org.admin, before.id)).toEqual(first.data.archiveProgram);
    expect(await list(org.admin)).toMatchObject({ totalCount: 1, edges: [{ node: { id: before.id } }] });
  });

  it('updateProgram on an archived program is READ_ONLY and changes nothing', async () => {
    const org = await newOrg();
    const { id } = await createProgram(app, org.admin);
    await archiveProgram(app, org.admin, id);
    const before = await read(org.admin, id);
    expectRefused(await update(org.admin, id, { name: 'Renamed', status: 'COMPLETED' }), 'READ_ONLY');
    expect(await read(org.admin, id)).toEqual(before);
  });

  const childChanges: [string, string, (ids: { program: string; measure: string; payment: string }) => Record<string, unknown>][] = [
    ['addMeasure', 'addMeasure(programId: $id, input: { measureId: "CDC", measureName: "Diabetes", numerator: 1, denominator: 2, benchmark: 0.5 }) { id }', (i) => ({ id: i.program })],
    ['updateMeasure', 'updateMeasure(id: $id, input: { numerator: 1 }) { id }', (i) => ({ id: i.measure })],
    ['deleteMeasure', 'deleteMeasure(id: $id)', (i) => ({ id: i.measure })],
    ['recordIncentivePayment', 'recordIncentivePayment(programId: $id, input: { paymentPeriod: "2025-Q2", earnedAmount: "5.00", paidAmount: "0.00", status: PENDING }) { id }', (i) => ({ id: i.program })],
    ['updateIncentivePayment', 'updateIncentivePayment(id: $id, input: { paidAmount: "1000.00", status: PAID }) { id }', (i) => ({ id: i.payment })],
    ['deleteIncentivePayment', 'deleteIncentivePayment(id: $id)', (i) => ({ id: i.payment })],
  ];
  it.each(childChanges)('%s under an archived program is READ_ONLY and its measures and payments are unchanged', async (_name, field, vars) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    const [measure, payment] = [await addMeasure(app, org.admin, program.id), await recordPayment(app, org.admin, program.id)];
    await archiveProgram(app, org.admin, program.id);
    const before = await app.gql(CHILDREN, { id: program.id }, org.admin);
    expect(before.data.program).toEqual({ measures: [measure], incentivePayments: [payment] });
    const res = await app.gql(`mutation ($id: ID!) { ${field} }`, vars({ program: program.id, measure: measure.id, payment: payment.id }), org.admin);
    expectRefused(res, 'READ_ONLY');
    expect(await app.gql(CHILDREN, { id: program.id }, org.admin)).toEqual(before);
  });
});

describe('program(id) and programs()', () => {
  it.each(['foreign', 'unknown', 'malformed'])('program(id) with an id that is %s is null, not an error', async (kind) => {
    const [org, other] = [await newOrg(), await newOrg()];
    const theirs = await createProgram(app, other.admin);
    const id = { foreign: theirs.id, unknown: randomUUID(), malformed: 'not-a-uuid' }[kind]!;
    expect(await app.gql(READ, { id }, org.admin)).toEqual({ status: 200, data: { program: null } });
  });

  it('lists only the caller’s organization, with its totalCount', async () => {
    const [org, other] = [await newOrg(), await newOrg()];
    for (const name of ['Mine 1', 'Mine 2']) await createProgram(app, org.admin, { name });
    await createProgram(app, other.admin, { name: 'Theirs' });
    expect(await list(org.admin)).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
    expect(await names(org.admin)).toEqual(['Mine 1', 'Mine 2']);
  });

  it('orders by name in byte order, then by id', async () => {
    const org = await newOrg();
    const created: Row[] = [];
    for (const name of ['b', 'B', 'a', 'Z', '_x', 'é', 'Same', 'a b', 'Same', 'Same', 'ab']) created.push(await createProgram(app, org.admin, { name }));
    const byteOrder = (x: Row, y: Row) => Buffer.compare(Buffer.from(String(x.name)), Buffer.from(String(y.name))) || (x.id < y.id ? -1 : 1);
    const expected = [...created].sort(byteOrder).map((p) => p.id);
    expect(expected.map((id) => created.find((p) => p.id === id)!.name).filter((n) => n !== 'Same'))
      .toEqual(['B', 'Z', '_x', 'a', 'a b', 'ab', 'b', 'é']);
    expect((await list(org.admin)).edges.map((e) => e.node.id)).toEqual(expected);
  });

  it('first/after walks every program exactly once, in order, with hasNextPage and endCursor', async () => {
    const org = await newOrg();
    for (const name of ['b', 'B', 'a', 'Z', '_x', 'é', 'a', 'a']) await createProgram(app, org.admin, { name });
    const all = (await list(org.admin)).edges.map((e) => e.node.id);
    const seen: string[] = [];
    const pages: boolean[] = [];
    let after: string | null = null;
    do {
      const page = await list(org.admin, { first: 3, after });
      expect(page.totalCount).toBe(8);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      seen.push(...page.edges.map((e) => e.node.id));
      pages.push(page.pageInfo.hasNextPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toEqual([true, true, false]);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(8);
  });

  it.each([
    { variables: { first: 0 }, field: 'first' },
    { variables: { first: 101 }, field: 'first' },
    { variables: { first: -1 }, field: 'first' },
    { variables: { after: 'garbage' }, field: 'after' },
    { variables: { after: Buffer.from('["a"]').toString('base64url') }, field: 'after' },
    { variables: { after: Buffer.from('["a","not-a-uuid"]').toString('base64url') }, field: 'after' },
    { variables: { after: Buffer.from('{"name":"a"}').toString('base64url') }, field: 'after' },
  ])('$variables is BAD_USER_INPUT on $field', async ({ variables, field }) => {
    const org = await newOrg();
    await createProgram(app, org.admin);
    expectRefused(await app.gql(LIST, variables, org.admin), 'BAD_USER_INPUT', field);
  });

  it('accepts first 1 and first 100', async () => {
    const org = await newOrg();
    for (const name of ['a', 'b']) await createProgram(app, org.admin, { name });
    expect(await list(org.admin, { first: 1 })).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { name: 'a' } }] });
    expect(await list(org.admin, { first: 100 })).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
  });

  it('search ignores case beyond ASCII too', async () => {
    const org = await newOrg();
    for (const name of ['École Über', 'Other']) await createProgram(app, org.admin, { name });
    expect(await names(org.admin, { search: 'école' })).toEqual(['École Über']);
    expect(await names(org.admin, { search: 'ÜBER' })).toEqual(['École Über']);
  });

  describe('filters', () => {
    // One organization owned by this block; the cases only read it.
    let org: TestOrg;
    beforeAll(async () => {
      org = await newOrg();
      await createProgram(app, org.admin, { name: 'Alpha Savings', payerId: 'payer-1' });
      await createProgram(app, org.admin, { name: 'Beta Bonus', contractType: 'QUALITY_BONUS', measurementPeriod: '2025-Q1', status: 'COMPLETED' });
      await createProgram(app, org.admin, { name: 'Gamma 100% Club', contractType: 'CAPITATION', status: 'SUSPENDED', payerId: 'payer-2' });
      const { id } = await createProgram(app, org.admin, { name: 'Delta_Plan', contractType: 'OTHER' });
      await archiveProgram(app, org.admin, id);
      await createProgram(app, org.admin, { name: 'DeltaXPlan', contractType: 'BUNDLED_PAYMENT', measurementPeriod: '2025-Q1' });
      await createProgram(app, org.admin, { name: 'Back\\slash', contractType: 'OTHER', measurementPeriod: '2025-Q1' });
    });
    // Byte order: 'X' (0x58) sorts before '_' (0x5F).
    const ALL = ['Alpha Savings', 'Back\\slash', 'Beta Bonus', 'DeltaXPlan', 'Delta_Plan', 'Gamma 100% Club'];

    it.each([
      { filter: {}, expected: ALL },
      { filter: { includeArchived: true }, expected: ALL },
      { filter: { includeArchived: false }, expected: ALL.filter((n) => n !== 'Delta_Plan') },
      { filter: { status: ['ACTIVE'] }, expected: ['Alpha Savings', 'Back\\slash', 'DeltaXPlan', 'Delta_Plan'] },
      { filter: { status: ['COMPLETED', 'SUSPENDED'] }, expected: ['Beta Bonus', 'Gamma 100% Club'] },
      { filter: { contractType: ['CAPITATION', 'OTHER'] }, expected: ['Back\\slash', 'Delta_Plan', 'Gamma 100% Club'] },
      { filter: { payerId: 'payer-1' }, expected: ['Alpha Savings'] },
      { filter: { payerId: 'payer-3' }, expected: [] },
      { filter: { measurementPeriod: '2025-Q1' }, expected: ['Back\\slash', 'Beta Bonus', 'DeltaXPlan'] },
      { filter: { search: 'delta' }, expected: ['DeltaXPlan', 'Delta_Plan'] },
      { filter: { search: 'ALPHA sav' }, expected: ['Alpha Savings'] },
      { filter: { search: 'a_p' }, expected: ['Delta_Plan'] }, // _ is not a wildcard
      { filter: { search: '0%' }, expected: ['Gamma 100% Club'] }, // % is not a wildcard
      { filter: { search: '%' }, expected: ['Gamma 100% Club'] },
      { filter: { search: '\\' }, expected: ['Back\\slash'] },
      { filter: { search: 'zzz' }, expected: [] },
      { filter: { status: ['ACTIVE'], includeArchived: false, search: 'DELTA' }, expected: ['DeltaXPlan'] },
    ])('$filter lists $expected', async ({ filter, expected }) => {
      const page = await list(org.admin, { filter });
      expect(page.edges.map((e) => e.node.name)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
    });
  });
});

describe('permissions', () => {
  it.each(['staff', 'siteAdmin'] as const)('%s reads programs but every program mutation is FORBIDDEN', async (role) => {
    const org = await newOrg();
    const program = await createProgram(app, org.admin);
    expect(await app.gql(READ, { id: program.id }, org[role])).toEqual({ status: 200, data: { program } });
    expect(await list(org[role])).toMatchObject({ totalCount: 1, edges: [{ node: { id: program.id } }] });
    expectRefused(await create(org[role], {}), 'FORBIDDEN');
    expectRefused(await update(org[role], program.id, { name: 'Renamed' }), 'FORBIDDEN');
    expectRefused(await app.gql(ARCHIVE, { id: program.id }, org[role]), 'FORBIDDEN');
    expect(await list(org.admin)).toMatchObject({ totalCount: 1 });
    expect(await read(org.admin, program.id)).toEqual(program);
  });

  it('a service token without pm.vbp.view can neither read nor create', async () => {
    const org = await newOrg();
    const { id } = await createProgram(app, org.admin);
    expect(codes(await app.gql(READ, { id }, org.service))).toEqual(['FORBIDDEN']);
    expectRefused(await app.gql(LIST, {}, org.service), 'FORBIDDEN');
    expectRefused(await create(org.service, {}), 'FORBIDDEN');
    expect(await countOf(org.admin)).toBe(1);
  });

  it.each([
    { token: undefined, what: 'no token' },
    { token: 'not.a.jwt', what: 'a malformed token' },
  ])('$what is UNAUTHENTICATED for reads and createProgram', async ({ token }) => {
    const org = await newOrg();
    const { id } = await createProgram(app, org.admin);
    expect(codes(await app.gql(READ, { id }, token))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await app.gql(LIST, {}, token))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await create(token as string, {}))).toEqual(['UNAUTHENTICATED']);
    expect(await countOf(org.admin)).toBe(1);
  });
});
