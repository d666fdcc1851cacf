import { randomUUID } from 'node:crypto';
import { addMeasure, archiveProgram, createProgram, PAYMENT_FIELDS, recordPayment } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const RECORD = `mutation ($programId: ID!, $input: IncentivePaymentInput!) {
  recordIncentivePayment(programId: $programId, input: $input) { ${PAYMENT_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateIncentivePaymentInput!) {
  updateIncentivePayment(id: $id, input: $input) { ${PAYMENT_FIELDS} } }`;
const DELETE = 'mutation ($id: ID!) { deleteIncentivePayment(id: $id) }';
const PAYMENT = `query ($id: ID!) { incentivePayment(id: $id) { ${PAYMENT_FIELDS} } }`;
const PAYMENTS = `query ($id: ID!, $status: PaymentStatus) {
  program(id: $id) { incentivePayments(status: $status) { id paymentPeriod notes status } } }`;
const SUMMARY = `query ($id: ID!) { program(id: $id) {
  summary { measureCount exceededCount notMetCount earnedTotal paidTotal outstandingTotal } } }`;
const GAP_FIELDS = 'measureId gapToBenchmark performanceLevel program { id }';
const DASHBOARD = `query ($period: String, $first: Int) { vbpDashboard(measurementPeriod: $period) {
  programCount activeProgramCount measureCount exceededCount notMetCount earnedTotal paidTotal outstandingTotal
  gaps(first: $first) { ${GAP_FIELDS} } } }`;
const DASHBOARD_DEFAULT_FIRST = `query { vbpDashboard { gaps { measureId } } }`;

const VALID = { paymentPeriod: '2025-Q1', earnedAmount: '1000.00', paidAmount: '750.00', status: 'PENDING' };

async function newProgram() {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  return { org, program };
}

const readPayment = async (token: string, id: string) => (await app.gql(PAYMENT, { id }, token)).data?.incentivePayment ?? null;
type Listed = { id: string; paymentPeriod: string; notes: string | null; status: string };
const paymentsOf = async (token: string, programId: string, status?: string) =>
  (await app.gql(PAYMENTS, { id: programId, status }, token)).data.program.incentivePayments as Listed[];
const summaryOf = async (token: string, programId: string) => (await app.gql(SUMMARY, { id: programId }, token)).data.program.summary;
const dashboard = async (token: string, variables: { period?: string; first?: number } = {}) => {
  const res = await app.gql(DASHBOARD, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data.vbpDashboard;
};

const EMPTY_TOTALS = { earnedTotal: '0.00', paidTotal: '0.00', outstandingTotal: '0.00' };

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

describe('vbpDashboard', () => {
  /** Two live programs, one archived, and another organization with figures of its own. */
  async function seed() {
    const org = await newOrg();
    const cy = await createProgram(app, org.admin, { name: 'A active', measurementPeriod: 'CY2025' });
    await addMeasure(app, org.admin, cy.id, { measureId: 'MET', numerator: 55, denominator: 100, benchmark: 0.55 });
    await addMeasure(app, org.admin, cy.id, { measureId: 'GAP45', numerator: 10, denominator: 100, benchmark: 0.55 });
    await recordPayment(app, org.admin, cy.id, { earnedAmount: '100.10', paidAmount: '50.05' });
    const q1 = await createProgram(app, org.admin, { name: 'B suspended', measurementPeriod: '2025-Q1', status: 'SUSPENDED' });
    await addMeasure(app, org.admin, q1.id, { measureId: 'GAP1', numerator: 6, denominator: 100, benchmark: 0.07 });
    await recordPayment(app, org.admin, q1.id, { earnedAmount: '0.20', paidAmount: '0.30' });
    const archived = await createProgram(app, org.admin, { name: 'C archived', measurementPeriod: 'CY2025' });
    await addMeasure(app, org.admin, archived.id, { measureId: 'ARCHIVED', numerator: 0, denominator: 100, benchmark: 0.9 });
    await recordPayment(app, org.admin, archived.id, { earnedAmount: '1000.00', paidAmount: '0.00' });
    await archiveProgram(app, org.admin, archived.id);
    const other = await newOrg();
    const foreign = await createProgram(app, other.admin, { measurementPeriod: 'CY2025' });
    await addMeasure(app, other.admin, foreign.id, { measureId: 'FOREIGN', numerator: 0, denominator: 100, benchmark: 0.8 });
    await recordPayment(app, other.admin, foreign.id, { earnedAmount: '7.00', paidAmount: '0.00' });
    return { org, cy, q1 };
  }

  it("covers only the organization's non-archived programs", async () => {
    const { org, cy, q1 } = await seed();
    expect(await dashboard(org.admin)).toEqual({
      programCount: 2, activeProgramCount: 1, measureCount: 3, exceededCount: 1, notMetCount: 2,
      earnedTotal: '100.30', paidTotal: '50.35', outstandingTotal: '49.95',
      gaps: [
        { measureId: 'GAP45', gapToBenchmark: 45, performanceLevel: 'NOT_MET', program: { id: cy.id } },
        { measureId: 'GAP1', gapToBenchmark: 1, performanceLevel: 'NOT_MET', program: { id: q1.id } },
      ],
    });
  });

  it.each([
    { period: 'CY2025', expected: { programCount: 1, activeProgramCount: 1, measureCount: 2, exceededCount: 1, notMetCount: 1, earnedTotal: '100.10', paidTotal: '50.05', outstandingTotal: '50.05' }, gaps: ['GAP45'] },
    { period: '2025-Q1', expected: { programCount: 1, activeProgramCount: 0, measureCount: 1, exceededCount: 0, notMetCount: 1, earnedTotal: '0.20', paidTotal: '0.30', outstandingTotal: '-0.10' }, gaps: ['GAP1'] },
    { period: '2025-q1', expected: { programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS }, gaps: [] },
    { period: 'CY2024', expected: { programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS }, gaps: [] },
  ])('measurementPeriod $period restricts it to programs of exactly that period', async ({ period, expected, gaps }) => {
    const { org } = await seed();
    const got = await dashboard(org.admin, { period });
    expect(got).toMatchObject(expected);
    expect(got.gaps.map((g: { measureId: string }) => g.measureId)).toEqual(gaps);
  });

  it.each([
    { rule: 'an empty measurementPeriod', period: '' },
    { rule: 'a blank measurementPeriod', period: '   ' },
  ])('$rule is given, so it matches no program (not the whole organization)', async ({ period }) => {
    const { org } = await seed();
    expect(await dashboard(org.admin, { period })).toEqual({
      programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS, gaps: [],
    });
  });

  it('is all zeros for an organization without programs, whatever other organizations hold', async () => {
    await seed();
    const empty = await newOrg();
    expect(await dashboard(empty.staff)).toEqual({
      programCount: 0, activeProgramCount: 0, measureCount: 0, exceededCount: 0, notMetCount: 0, ...EMPTY_TOTALS, gaps: [],
    });
  });

  describe('gaps', () => {
    async function withGaps(gaps: number[]) {
      const org = await newOrg();
      const program = await createProgram(app, org.admin);
      for (const [i, gap] of gaps.entries()) {
        await addMeasure(app, org.admin, program.id, { measureId: `M${i}`, numerator: 100 - gap, denominator: 100, benchmark: 1 });
      }
      return org;
    }

    it('are the NOT_MET measures, largest gapToBenchmark first', async () => {
      const org = await withGaps([3, 0, 40, 1, 17]);
      const { gaps } = await dashboard(org.admin);
      expect(gaps.map((g: { gapToBenchmark: number }) => g.gapToBenchmark)).toEqual([40, 17, 3, 1]);
    });

    it.each([1, 2, 100])('first: %i returns at most that many', async (first) => {
      const org = await withGaps([3, 40, 17]);
      const { gaps } = await dashboard(org.admin, { first });
      expect(gaps.map((g: { gapToBenchmark: number }) => g.gapToBenchmark)).toEqual([40, 17, 3].slice(0, first));
    });

    it('defaults to the first 20', async () => {
      const org = await withGaps(Array.from({ length: 21 }, (_, i) => i + 1));
      const res = await app.gql(DASHBOARD_DEFAULT_FIRST, {}, org.admin);
      expect(res.data.vbpDashboard.gaps).toHaveLength(20);
      expect(res.data.vbpDashboard.gaps[0].measureId).toBe('M20');
    });

    it.each([0, -1, 101])('first: %i is BAD_USER_INPUT on first', async (first) => {
      const org = await newOrg();
      const res = await app.gql(DASHBOARD, { first }, org.admin);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('first');
    });
  });
});

describe('permissions', () => {
  it('staff read payments, summaries and the dashboard', async () => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id);
    expect(await readPayment(org.staff, p.id)).toMatchObject({ id: p.id, variance: '-250.00' });
    expect(await summaryOf(org.staff, program.id)).toMatchObject({ earnedTotal: '1000.00', outstandingTotal: '250.00' });
    expect(await dashboard(org.staff)).toMatchObject({ programCount: 1, earnedTotal: '1000.00' });
  });

  it.each(['staff', 'siteAdmin', 'service'] as const)('%s payment mutations are FORBIDDEN and store nothing', async (role) => {
    const { org, program } = await newProgram();
    const p = await recordPayment(app, org.admin, program.id);
    const before = await readPayment(org.admin, p.id);
    const token = org[role];
    expectRefused(await app.gql(RECORD, { programId: program.id, input: VALID }, token), 'FORBIDDEN');
    expectRefused(await app.gql(UPDATE, { id: p.id, input: { paidAmount: '0' } }, token), 'FORBIDDEN');
    expectRefused(await app.gql(DELETE, { id: p.id }, token), 'FORBIDDEN');
    expect(await readPayment(org.admin, p.id)).toEqual(before);
    expect((await paymentsOf(org.admin, program.id)).map((x) => x.id)).toEqual([p.id]);
  });

  it('a token without pm.vbp.view cannot read the dashboard', async () => {
    const org = await newOrg();
    expect(codes(await app.gql(DASHBOARD, {}, org.service))).toEqual(['FORBIDDEN']);
  });
});
