import { randomUUID } from 'node:crypto';
import { addMeasure, archiveProgram, createProgram, recordPayment } from '../helpers/factories';
import { newOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, ARCHIVE, CHILDREN, app, countOf, create, list, programOf, read, update } from '../helpers/vbp-programs';

bootApp();

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
