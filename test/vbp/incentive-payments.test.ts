import { randomUUID } from 'node:crypto';
import { addMeasure, archiveProgram, recordPayment } from '../helpers/factories';
import { newOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, DELETE, EMPTY_TOTALS, PAYMENT, RECORD, UPDATE, VALID, app, newProgram, paymentsOf, readPayment, summaryOf } from '../helpers/vbp-payments';

bootApp();

describe('recordIncentivePayment: Decimal input', () => {
  it.each([
    { sent: '1250.5', printed: '1250.50' },
    { sent: 1250.5, printed: '1250.50' },
    { sent: '1250', printed: '1250.00' },
    { sent: 100, printed: '100.00' },
    { sent: '0', printed: '0.00' },
    { sent: '0.01', printed: '0.01' },
    { sent: ' 12.30 ', printed: '12.30' },
    { sent: '999999999999.99', printed: '999999999999.99' },
    { sent: 999999999999.99, printed: '999999999999.99' },
  ])('accepts $sent as $printed', async ({ sent, printed }) => {
    const { org, program } = await newProgram();
    const res = await app.gql(RECORD, { programId: program.id, input: { ...VALID, earnedAmount: sent, paidAmount: sent } }, org.admin);
    expect(res.errors).toBeUndefined();
    const expected = { earnedAmount: printed, paidAmount: printed, variance: '0.00' };
    expect(res.data.recordIncentivePayment).toMatchObject(expected);
    expect(await readPayment(org.admin, res.data.recordIncentivePayment.id)).toMatchObject(expected);
  });

  it.each([
    ['3 decimals as a string', '1.005'],
    ['3 decimals as a JSON number', 1.005],
    ['a float sum as a JSON number', 0.1 + 0.2],
    ['exponent notation', '1e3'],
    ['10^12 as a string', '1000000000000'],
    ['10^12 as a JSON number', 1e12],
    ['1e21 as a JSON number', 1e21],
    ['a negative amount', '-0.01'],
    ['a negative JSON number', -250],
    ['text', 'abc'],
    ['an empty string', ''],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['a thousands separator', '1,000.00'],
    ['a boolean', true],
    ['null', null],
  ])('refuses %s in earnedAmount and paidAmount with BAD_USER_INPUT on the field, storing nothing', async (_rule, bad) => {
    const { org, program } = await newProgram();
    for (const field of ['earnedAmount', 'paidAmount']) {
      const res = await app.gql(RECORD, { programId: program.id, input: { ...VALID, [field]: bad } }, org.admin);
      expectRefused(res, 'BAD_USER_INPUT', `input.${field}`);
    }
    expect(await paymentsOf(org.admin, program.id)).toEqual([]);
  });
});

describe('recordIncentivePayment: other fields', () => {
  it.each([
    { rule: 'variance = paid - earned, negative when underpaid', input: { earnedAmount: '1000', paidAmount: '750' }, stored: { variance: '-250.00' } },
    { rule: 'variance = paid - earned, positive when overpaid', input: { earnedAmount: '0.10', paidAmount: 0.3 }, stored: { variance: '0.20' } },
    { rule: 'paymentPeriod is trimmed', input: { paymentPeriod: '  2025-Q2 ' }, stored: { paymentPeriod: '2025-Q2' } },
    { rule: 'paymentPeriod of 50 characters', input: { paymentPeriod: 'p'.repeat(50) }, stored: { paymentPeriod: 'p'.repeat(50) } },
    { rule: 'notes of 4000 characters', input: { notes: 'n'.repeat(4000) }, stored: { notes: 'n'.repeat(4000) } },
    { rule: 'notes are trimmed', input: { notes: '  late payer  ' }, stored: { notes: 'late payer' } },
    { rule: 'notes omitted are null', input: {}, stored: { notes: null, status: 'PENDING' } },
    { rule: 'status ADJUSTED', input: { status: 'ADJUSTED' }, stored: { status: 'ADJUSTED' } },
  ])('$rule', async ({ input, stored }) => {
    const { org, program } = await newProgram();
    const res = await app.gql(RECORD, { programId: program.id, input: { ...VALID, ...input } }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.recordIncentivePayment).toMatchObject({ ...stored, program: { id: program.id } });
    expect(await readPayment(org.admin, res.data.recordIncentivePayment.id)).toMatchObject(stored);
  });

  it.each([
    { rule: 'empty paymentPeriod', input: { paymentPeriod: '' }, field: 'input.paymentPeriod' },
    { rule: 'blank paymentPeriod', input: { paymentPeriod: '   ' }, field: 'input.paymentPeriod' },
    { rule: 'paymentPeriod of 51 characters', input: { paymentPeriod: 'p'.repeat(51) }, field: 'input.paymentPeriod' },
    { rule: 'null paymentPeriod', input: { paymentPeriod: null }, field: 'input.paymentPeriod' },
    { rule: 'notes of 4001 characters', input: { notes: 'n'.repeat(4001) }, field: 'input.notes' },
    { rule: 'null status', input: { status: null }, field: 'input.status' },
    { rule: 'unknown status', input: { status: 'LOST' }, field: 'input.status' },
  ])('refuses $rule with BAD_USER_INPUT on $field and stores nothing', async ({ input, field }) => {
    const { org, program } = await newProgram();
    expectRefused(await app.gql(RECORD, { programId: program.id, input: { ...VALID, ...input } }, org.admin), 'BAD_USER_INPUT', field);
    expect(await paymentsOf(org.admin, program.id)).toEqual([]);
  });
});

describe('updateIncentivePayment', () => {
  it('changes only the given fields; variance follows', async () => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id, { notes: 'keep me' });
    const res = await app.gql(UPDATE, { id: p.id, input: { paidAmount: '1000.5', status: 'PAID' } }, org.admin);
    const expected = {
      id: p.id, paymentPeriod: '2025-Q1', earnedAmount: '1000.00', paidAmount: '1000.50', variance: '0.50', status: 'PAID', notes: 'keep me',
    };
    expect(res.errors).toBeUndefined();
    expect(res.data.updateIncentivePayment).toMatchObject(expected);
    expect(await readPayment(org.admin, p.id)).toMatchObject(expected);
  });

  it('an explicit null clears notes', async () => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id, { notes: 'to clear' });
    expect((await app.gql(UPDATE, { id: p.id, input: { notes: null } }, org.admin)).data.updateIncentivePayment.notes).toBeNull();
    expect(await readPayment(org.admin, p.id)).toMatchObject({ notes: null, paymentPeriod: '2025-Q1', earnedAmount: '1000.00' });
  });

  it.each([
    { rule: 'explicit null paymentPeriod', input: { paymentPeriod: null }, field: 'input.paymentPeriod' },
    { rule: 'explicit null earnedAmount', input: { earnedAmount: null }, field: 'input.earnedAmount' },
    { rule: 'explicit null paidAmount', input: { paidAmount: null }, field: 'input.paidAmount' },
    { rule: 'explicit null status', input: { status: null }, field: 'input.status' },
    { rule: 'blank paymentPeriod', input: { paymentPeriod: ' ' }, field: 'input.paymentPeriod' },
    { rule: 'negative paidAmount', input: { paidAmount: '-1.00' }, field: 'input.paidAmount' },
    { rule: 'negative earnedAmount', input: { earnedAmount: -1 }, field: 'input.earnedAmount' },
    { rule: 'earnedAmount with 3 decimals', input: { earnedAmount: '10.001' }, field: 'input.earnedAmount' },
    { rule: 'paidAmount of 10^12', input: { paidAmount: '1000000000000.00' }, field: 'input.paidAmount' },
    { rule: 'notes of 4001 characters', input: { notes: 'n'.repeat(4001) }, field: 'input.notes' },
  ])('refuses $rule with BAD_USER_INPUT on $field and changes nothing', async ({ input, field }) => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id, { notes: 'original' });
    const before = await readPayment(org.admin, p.id);
    expectRefused(await app.gql(UPDATE, { id: p.id, input }, org.admin), 'BAD_USER_INPUT', field);
    expect(await readPayment(org.admin, p.id)).toEqual(before);
  });
});

describe('deleteIncentivePayment and ids', () => {
  it('deletes for real, returns the id, and the totals drop it', async () => {
    const { org, program } = await newProgram();
    const gone = await recordPayment(app, org.admin, program.id, { earnedAmount: '5.00', paidAmount: '1.00' });
    const kept = await recordPayment(app, org.admin, program.id, { earnedAmount: '2.00', paidAmount: '2.00' });
    expect(await app.gql(DELETE, { id: gone.id }, org.admin)).toMatchObject({ data: { deleteIncentivePayment: gone.id } });
    expect(await readPayment(org.admin, gone.id)).toBeNull();
    expect((await paymentsOf(org.admin, program.id)).map((p) => p.id)).toEqual([kept.id]);
    expect(await summaryOf(org.admin, program.id)).toMatchObject({ earnedTotal: '2.00', paidTotal: '2.00', outstandingTotal: '0.00' });
    expectRefused(await app.gql(DELETE, { id: gone.id }, org.admin), 'NOT_FOUND');
  });

  it('a later field of the same mutation request no longer lists or counts the deleted payment', async () => {
    const { org, program } = await newProgram();
    const gone = await recordPayment(app, org.admin, program.id, { paymentPeriod: '2025-Q1', earnedAmount: '5.00' });
    await recordPayment(app, org.admin, program.id, { paymentPeriod: '2025-Q2', earnedAmount: '2.00' });
    const res = await app.gql(`mutation ($id: ID!, $programId: ID!) {
      before: updateIncentivePayment(id: $id, input: {}) { program { incentivePayments { paymentPeriod } } }
      deleted: deleteIncentivePayment(id: $id)
      after: updateProgram(id: $programId, input: {}) { incentivePayments { paymentPeriod } summary { earnedTotal } } }`,
    { id: gone.id, programId: program.id }, org.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.before.program.incentivePayments).toEqual([{ paymentPeriod: '2025-Q1' }, { paymentPeriod: '2025-Q2' }]);
    expect(res.data.after).toEqual({ incentivePayments: [{ paymentPeriod: '2025-Q2' }], summary: { earnedTotal: '2.00' } });
  });

  it.each([
    { kind: "another organization's payment", foreign: true },
    { kind: 'an unknown UUID', id: randomUUID() },
    { kind: 'a malformed id', id: 'not-a-uuid' },
  ])('$kind: incentivePayment(id) is null, update and delete are NOT_FOUND', async ({ foreign, id }) => {
    const owner = await newProgram();
    const theirs = await recordPayment(app, owner.org.admin, owner.program.id);
    const caller = await newOrg();
    const target = foreign ? theirs.id : id!;
    expect(await app.gql(PAYMENT, { id: target }, caller.admin)).toEqual({ status: 200, data: { incentivePayment: null } });
    expectRefused(await app.gql(UPDATE, { id: target, input: { paidAmount: '0' } }, caller.admin), 'NOT_FOUND');
    expectRefused(await app.gql(DELETE, { id: target }, caller.admin), 'NOT_FOUND');
    expect(await readPayment(owner.org.admin, theirs.id)).toMatchObject({ paidAmount: '750.00' });
  });

  it("recordIncentivePayment on another organization's program is NOT_FOUND and stores nothing", async () => {
    const owner = await newProgram();
    const caller = await newOrg();
    expectRefused(await app.gql(RECORD, { programId: owner.program.id, input: VALID }, caller.admin), 'NOT_FOUND');
    expect(await paymentsOf(owner.org.admin, owner.program.id)).toEqual([]);
  });
});

describe('Program.incentivePayments', () => {
  it('orders by paymentPeriod in byte order, then by createdAt', async () => {
    const { org, program } = await newProgram();
    const sent = [['2025-Q2', 'first'], ['2025-q1', null], ['2025-Q1', null], ['2025-Q2', 'second'], ['2025-H1', null], ['2025-Q10', null]];
    for (const [paymentPeriod, notes] of sent) await recordPayment(app, org.admin, program.id, { paymentPeriod, notes });
    expect((await paymentsOf(org.admin, program.id)).map((p) => [p.paymentPeriod, p.notes])).toEqual([
      ['2025-H1', null], ['2025-Q1', null], ['2025-Q10', null], ['2025-Q2', 'first'], ['2025-Q2', 'second'], ['2025-q1', null],
    ]);
  });

  it.each(['PENDING', 'PAID', 'ADJUSTED'])('status %s lists only payments of that status', async (status) => {
    const { org, program } = await newProgram();
    for (const s of ['PAID', 'PENDING', 'ADJUSTED', 'PAID']) await recordPayment(app, org.admin, program.id, { status: s });
    expect((await paymentsOf(org.admin, program.id, status)).map((p) => p.status)).toEqual(status === 'PAID' ? [status, status] : [status]);
  });
});

describe('Program.summary', () => {
  it('is all zeros for an empty program', async () => {
    const { org, program } = await newProgram();
    expect(await summaryOf(org.admin, program.id)).toEqual({ measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS });
  });

  it('counts measures by level and sums money exactly; outstanding = earned - paid may be negative', async () => {
    const { org, program } = await newProgram();
    await addMeasure(app, org.admin, program.id, { measureId: 'A', numerator: 55, denominator: 100, benchmark: 0.55 });
    await addMeasure(app, org.admin, program.id, { measureId: 'B', numerator: 6, denominator: 100, benchmark: 0.07 });
    await addMeasure(app, org.admin, program.id, { measureId: 'C', numerator: 1, denominator: 3, benchmark: 0.5 });
    await recordPayment(app, org.admin, program.id, { earnedAmount: '0.10', paidAmount: '0.00' });
    await recordPayment(app, org.admin, program.id, { earnedAmount: 0.2, paidAmount: '0.50' });
    expect(await summaryOf(org.admin, program.id)).toEqual({
      measureCount: 3, exceededCount: 1, notMetCount: 2, earnedTotal: '0.30', paidTotal: '0.50', outstandingTotal: '-0.20',
    });
  });
});

describe('archived programs are read-only', () => {
  it('refuses record, update and delete of payments with READ_ONLY and changes nothing', async () => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id);
    await archiveProgram(app, org.admin, program.id);
    const before = await readPayment(org.admin, p.id);
    expectRefused(await app.gql(RECORD, { programId: program.id, input: VALID }, org.admin), 'READ_ONLY');
    expectRefused(await app.gql(UPDATE, { id: p.id, input: { paidAmount: '0' } }, org.admin), 'READ_ONLY');
    expectRefused(await app.gql(DELETE, { id: p.id }, org.admin), 'READ_ONLY');
    expect(await readPayment(org.admin, p.id)).toEqual(before);
    expect((await paymentsOf(org.admin, program.id)).map((x) => x.id)).toEqual([p.id]);
  });
});
