import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg, type TestOrg, tokenFor } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const P = 'id periodStartDate periodEndDate enrolledMemberCount expectedRevenue receivedRevenue variance status retroAdjustment contract { id }';
const R = 'id expectedAmount receivedAmount varianceAmount varianceDisposition paymentDate reconciledBy reconciledAt notes';
const GENERATE = `mutation ($id: ID!, $through: Date!) { generateCapitationPeriods(contractId: $id, through: $through) { ${P} } }`;
const RECONCILE = `mutation ($id: ID!, $input: ReconcileCapitationPeriodInput!) {
  reconcileCapitationPeriod(periodId: $id, input: $input) { ${R} period { ${P} } } }`;
const PERIOD = `query ($id: ID!) { capitationPeriod(id: $id) { ${P} reconciliations { ${R} } } }`;
const PERIODS = `query ($id: ID!, $from: Date, $to: Date) { capitationContract(id: $id) { periods(from: $from, to: $to) { ${P} } } }`;
const REVENUE = 'query ($from: Date!, $to: Date!) { capitationRevenue(from: $from, to: $to) { month enrolledMemberCount expectedRevenue receivedRevenue variance } }';
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CapitationPeriod { ${P} } } }`;
const UNUSED_UUID = '00000000-0000-4000-8000-000000000000';

/** Runs an operation that must succeed and returns its data. */
async function must(query: string, variables: Record<string, unknown>, token: string) {
  const res = await app.gql(query, variables, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}
type Event = [member: string, type: 'ENROLL' | 'DISENROLL', date: string];
const members = (n: number, date = '2024-12-01', prefix = 'MEMBER-'): Event[] =>
  Array.from({ length: n }, (_, i) => [`${prefix}${String(i + 1).padStart(6, '0')}`, 'ENROLL', date]);

async function createContract(org: TestOrg, input: Record<string, unknown> = {}) {
  const data = await must('mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
    { input: { name: 'HMO capitation', pmpmRate: '10.00', effectiveFrom: '2025-01-01', ...input } }, org.admin);
  return data.createCapitationContract.id as string;
}
async function roster(org: TestOrg, id: string, events: Event[]) {
  const csv = ['memberIdExternal,eventType,effectiveDate', ...events.map((e) => e.join(','))].join('\n');
  const data = await must('mutation ($id: ID!, $csv: String!) { importRosterCsv(contractId: $id, csv: $csv) { accepted rejected } }', { id, csv }, org.admin);
  expect(data.importRosterCsv).toEqual({ accepted: events.length, rejected: 0 });
}
const generate = async (org: TestOrg, id: string, through: string) => (await must(GENERATE, { id, through }, org.admin)).generateCapitationPeriods;
const reconcile = (token: string, id: string, input: Record<string, unknown>) =>
  app.gql(RECONCILE, { id, input: { paymentDate: '2025-02-05', ...input } }, token);
const pay = async (org: TestOrg, id: string, input: Record<string, unknown>) => (await must(RECONCILE, { id, input: { paymentDate: '2025-02-05', ...input } }, org.admin)).reconcileCapitationPeriod;
const readPeriod = async (token: string, id: string) => (await app.gql(PERIOD, { id }, token)).data?.capitationPeriod;
const readPeriods = async (org: TestOrg, id: string, range: { from?: string; to?: string } = {}) =>
  (await must(PERIODS, { id, ...range }, org.admin)).capitationContract.periods;
const setRate = (org: TestOrg, id: string, pmpmRate: string) =>
  must('mutation ($id: ID!, $r: Decimal!) { updateCapitationContract(id: $id, input: { pmpmRate: $r }) { id } }', { id, r: pmpmRate }, org.admin);
const archive = (org: TestOrg, id: string) => must('mutation ($id: ID!) { archiveCapitationContract(id: $id) { id } }', { id }, org.admin);

/** A contract at 10.00 PMPM from 2025-01-01 with 3 members, its periods generated through `through`. */
async function seeded(through = '2025-01-31', org?: TestOrg) {
  const o = org ?? await newOrg();
  const contractId = await createContract(o);
  await roster(o, contractId, members(3));
  const periods = await generate(o, contractId, through);
  return { org: o, contractId, periods, periodId: periods[0].id as string };
}

const period = (contractId: string, start: string, end: string, count: number, expected: string, extra: Record<string, unknown> = {}) => ({
  id: expect.any(String), contract: { id: contractId }, periodStartDate: start, periodEndDate: end, enrolledMemberCount: count,
  expectedRevenue: expected, receivedRevenue: '0.00', variance: new Decimal(0).minus(expected).toFixed(2), status: 'OPEN', retroAdjustment: '0.00', ...extra,
});
const money = (d: Decimal.Value) => new Decimal(d).toFixed(2);

describe('generateCapitationPeriods', () => {
  it('counts the roster on the 1st, or on effectiveFrom in a mid-month first month; whole months up to effectiveTo, no proration', async () => {
    const org = await newOrg();
    const id = await createContract(org, { pmpmRate: '20.00', effectiveFrom: '2024-11-15', effectiveTo: '2025-02-10' });
    await roster(org, id, [
      ['MEMBER-A', 'ENROLL', '2024-11-01'], ['MEMBER-B', 'ENROLL', '2024-11-15'], ['MEMBER-C', 'ENROLL', '2024-11-16'],
      ['MEMBER-D', 'ENROLL', '2024-11-10'], ['MEMBER-D', 'DISENROLL', '2024-12-01'], ['MEMBER-F', 'ENROLL', '2024-12-01'],
      ['MEMBER-E', 'ENROLL', '2025-01-02'], ['MEMBER-A', 'DISENROLL', '2025-02-01'], ['MEMBER-G', 'ENROLL', '2025-02-01'],
    ]);
    const res = await app.gql(GENERATE, { id, through: '2025-06-30' }, org.admin);
    expect(res).toEqual({ status: 200, data: { generateCapitationPeriods: [
      period(id, '2024-11-01', '2024-11-30', 3, '60.00'), // A, B (on effectiveFrom), D; not C (the 16th)
      period(id, '2024-12-01', '2024-12-31', 4, '80.00'), // A, B, C, F; D left on the 1st
      period(id, '2025-01-01', '2025-01-31', 4, '80.00'), // E joins on the 2nd: not counted
      period(id, '2025-02-01', '2025-02-28', 5, '100.00'), // B, C, F, E, G; whole month though effectiveTo is the 10th
    ] } });
    expect(await readPeriods(org, id)).toEqual(res.data.generateCapitationPeriods);
    expect((await readPeriods(org, id, { from: '2024-12-31', to: '2025-01-01' })).map((p: any) => p.periodStartDate)).toEqual(['2024-12-01', '2025-01-01']);
  });

  it.each([
    { from: '2025-01-31', to: null, through: '2025-03-01', months: [['2025-01-01', '2025-01-31'], ['2025-02-01', '2025-02-28'], ['2025-03-01', '2025-03-31']] },
    { from: '2024-02-29', to: null, through: '2024-02-29', months: [['2024-02-01', '2024-02-29']] },
    { from: '2024-12-15', to: '2025-01-01', through: '2025-12-31', months: [['2024-12-01', '2024-12-31'], ['2025-01-01', '2025-01-31']] },
    { from: '2025-03-10', to: '2025-03-20', through: '2025-03-15', months: [['2025-03-01', '2025-03-31']] },
    { from: '2025-03-10', to: null, through: '2025-03-09', months: [] },
    { from: '2025-03-10', to: null, through: '2024-12-31', months: [] },
  ])('effective $from – $to, through $through, gives the months $months.length', async ({ from, to, through, months }) => {
    const org = await newOrg();
    const id = await createContract(org, { effectiveFrom: from, effectiveTo: to });
    const got = await generate(org, id, through);
    expect(got.map((p: any) => [p.periodStartDate, p.periodEndDate])).toEqual(months);
    expect(await readPeriods(org, id)).toEqual(got);
  });

  it.each([
    { rate: '33.33', count: 3, expected: '99.99' }, { rate: '1.15', count: 7, expected: '8.05' }, // float: 1.15 * 7 = 8.049999…
    { rate: '0.10', count: 3, expected: '0.30' }, { rate: '0.00', count: 5, expected: '0.00' },
    { rate: '999999999.99', count: 12, expected: '11999999999.88' }, { rate: '45.10', count: 0, expected: '0.00' },
  ])('expectedRevenue of $count members at $rate is exactly $expected', async ({ rate, count, expected }) => {
    const org = await newOrg();
    const id = await createContract(org, { pmpmRate: rate });
    if (count) await roster(org, id, members(count));
    expect(await generate(org, id, '2025-01-01')).toEqual([period(id, '2025-01-01', '2025-01-31', count, expected)]);
  });

  it('is idempotent, extends with a later through and returns only the periods up to through', async () => {
    const { org, contractId, periods } = await seeded('2025-02-15');
    expect(periods).toHaveLength(2);
    expect(await generate(org, contractId, '2025-02-28')).toEqual(periods);
    const extended = await generate(org, contractId, '2025-04-01');
    expect(extended.map((p: any) => p.periodStartDate)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01']);
    expect(extended.slice(0, 2)).toEqual(periods);
    expect(await generate(org, contractId, '2025-01-20')).toEqual([periods[0]]);
    expect(await readPeriods(org, contractId)).toEqual(extended);
    const [{ n }] = await app.db.withSession((s) => s.query(`SELECT count(*)::int AS n FROM pm_capitation_periods WHERE contract_id = '${contractId}'`));
    expect(n).toBe(4);
  });

  // Each row: one month at 10.00 with 3 members, one reconciliation, then a back-dated roster change and a regeneration.
  const grow: Event[] = [['LATE-JOINER1', 'ENROLL', '2024-12-15']];
  const shrink: Event[] = [['MEMBER-000001', 'DISENROLL', '2025-01-01']];
  const after: Event[] = [['LATE-JOINER1', 'ENROLL', '2025-01-02']]; // after the count date: no effect on January
  it.each([
    { paid: null, change: grow, before: 'OPEN', status: 'OPEN', count: 4, expected: '40.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '20.00' }, change: shrink, before: 'PARTIALLY_PAID', status: 'RECONCILED', count: 2, expected: '20.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '20.00' }, change: grow, before: 'PARTIALLY_PAID', status: 'PARTIALLY_PAID', count: 4, expected: '40.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '25.00' }, change: shrink, before: 'PARTIALLY_PAID', status: 'PAID', count: 2, expected: '20.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '40.00' }, change: grow, before: 'PAID', status: 'RECONCILED', count: 4, expected: '40.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '40.00' }, change: shrink, before: 'PAID', status: 'PAID', count: 2, expected: '20.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '10.00', varianceDisposition: 'DISPUTED' }, change: shrink, before: 'DISPUTED', status: 'DISPUTED', count: 2, expected: '20.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '30.00' }, change: shrink, before: 'RECONCILED', status: 'RECONCILED', count: 3, expected: '30.00', retro: '-10.00', retroBefore: '-10.00' },
    { paid: { receivedAmount: '30.00' }, change: grow, before: 'RECONCILED', status: 'RECONCILED', count: 3, expected: '30.00', retro: '10.00', retroBefore: '10.00' },
    { paid: { receivedAmount: '30.00' }, change: after, before: 'RECONCILED', status: 'RECONCILED', count: 3, expected: '30.00', retro: '0.00', retroBefore: '0.00' },
    { paid: { receivedAmount: '20.00', varianceDisposition: 'WRITTEN_OFF' }, change: shrink, before: 'RECONCILED', status: 'RECONCILED', count: 3, expected: '30.00', retro: '-10.00', retroBefore: '-10.00' },
  ])('$before, paid $paid.receivedAmount, roster change $change.0 → $status, $count members, expected $expected, retro $retro',
    async ({ paid, change, before, status, count, expected, retro, retroBefore }) => {
      const { org, contractId, periodId } = await seeded();
      if (paid) await pay(org, periodId, paid);
      await roster(org, contractId, change);
      const received = paid?.receivedAmount ?? '0.00';
      // Before regenerating: figures unchanged; only a RECONCILED period shows the difference.
      expect(await readPeriod(org.admin, periodId)).toMatchObject({ status: before, enrolledMemberCount: 3, expectedRevenue: '30.00', retroAdjustment: retroBefore });
      const regenerated = await generate(org, contractId, '2025-01-31');
      const want = period(contractId, '2025-01-01', '2025-01-31', count, expected,
        { id: periodId, status, receivedRevenue: received, variance: money(new Decimal(received).minus(expected)), retroAdjustment: retro });
      expect(regenerated).toEqual([want]);
      expect(await readPeriod(org.admin, periodId)).toEqual({ ...want, reconciliations: paid ? [expect.objectContaining({ receivedAmount: received })] : [] });
    });

  it('a pmpmRate change reaches open periods on regeneration, and RECONCILED ones only through retroAdjustment', async () => {
    const { org, contractId, periods } = await seeded('2025-03-31');
    const [jan, feb, mar] = periods.map((p: any) => p.id as string);
    await pay(org, jan, { receivedAmount: '30.00' });
    await pay(org, feb, { receivedAmount: '20.00' });
    await setRate(org, contractId, '12.00');
    expect(await readPeriod(org.admin, jan)).toMatchObject({ status: 'RECONCILED', expectedRevenue: '30.00', retroAdjustment: '6.00' }); // 3 × 12.00 − 30.00
    expect(await generate(org, contractId, '2025-03-31')).toEqual([
      period(contractId, '2025-01-01', '2025-01-31', 3, '30.00', { id: jan, status: 'RECONCILED', receivedRevenue: '30.00', variance: '0.00', retroAdjustment: '6.00' }),
      period(contractId, '2025-02-01', '2025-02-28', 3, '36.00', { id: feb, status: 'PARTIALLY_PAID', receivedRevenue: '20.00', variance: '-16.00' }),
      period(contractId, '2025-03-01', '2025-03-31', 3, '36.00', { id: mar }),
    ]);
    await roster(org, contractId, [['MEMBER-000002', 'DISENROLL', '2024-12-31']]);
    expect(await readPeriod(org.admin, jan)).toMatchObject({ expectedRevenue: '30.00', retroAdjustment: '-6.00' }); // 2 × 12.00 − 30.00
  });

  it.each([
    { change: ['MEMBER-X', 'DISENROLL', '2025-01-12'] as Event, retro: '-10.00' }, // between the 1st and effectiveFrom: counts
    { change: ['MEMBER-Y', 'ENROLL', '2025-01-15'] as Event, retro: '10.00' }, // on effectiveFrom: counts
    { change: ['MEMBER-Z', 'ENROLL', '2025-01-16'] as Event, retro: '0.00' }, // after effectiveFrom: February's
  ])('retroAdjustment of a mid-month first period reads the roster on effectiveFrom: $change → $retro', async ({ change, retro }) => {
    const org = await newOrg();
    const id = await createContract(org, { effectiveFrom: '2025-01-15' });
    await roster(org, id, [['MEMBER-X', 'ENROLL', '2025-01-01'], ['MEMBER-W', 'ENROLL', '2024-12-01']]);
    const [jan] = await generate(org, id, '2025-01-31');
    await pay(org, jan.id, { receivedAmount: '20.00' });
    await roster(org, id, [change]);
    expect(await readPeriod(org.admin, jan.id)).toMatchObject({ status: 'RECONCILED', enrolledMemberCount: 2, expectedRevenue: '20.00', retroAdjustment: retro });
  });

  it('a regeneration and a reconciliation of one period at once both succeed, with the same end state in either order', async () => {
    const { org, contractId, periodId } = await seeded();
    await roster(org, contractId, [['MEMBER-000003', 'DISENROLL', '2024-12-31']]);
    const [gen, rec] = await Promise.all([
      app.gql(GENERATE, { id: contractId, through: '2025-01-31' }, org.admin), reconcile(org.admin, periodId, { receivedAmount: '20.00' })]);
    expect([gen.errors, rec.errors]).toEqual([undefined, undefined]);
    const { expectedAmount, varianceAmount } = rec.data.reconcileCapitationPeriod;
    expect([expectedAmount, varianceAmount]).toEqual(expectedAmount === '30.00' ? ['30.00', '-10.00'] : ['20.00', '0.00']);
    expect(await readPeriod(org.admin, periodId)).toMatchObject({ enrolledMemberCount: 2, expectedRevenue: '20.00', receivedRevenue: '20.00', variance: '0.00', status: 'RECONCILED' });
  });

  it('refuses an archived contract (READ_ONLY), another organization’s or a malformed id (NOT_FOUND), a bad through', async () => {
    const { org, contractId, periods } = await seeded();
    const other = await newOrg();
    await roster(org, contractId, members(2, '2024-12-01', 'EXTRA-'));
    await archive(org, contractId);
    expectRefused(await app.gql(GENERATE, { id: contractId, through: '2025-03-31' }, org.admin), 'READ_ONLY');
    for (const id of [contractId, 'not-a-uuid', UNUSED_UUID]) expectRefused(await app.gql(GENERATE, { id, through: '2025-03-31' }, other.admin), 'NOT_FOUND');
    const live = await createContract(org);
    for (const through of ['2025-02-30', '2025-1-31', 'soon']) expectRefused(await app.gql(GENERATE, { id: live, through }, org.admin), 'BAD_USER_INPUT', 'through');
    expect(await readPeriods(org, contractId)).toEqual(periods);
    expect(await readPeriods(org, live)).toEqual([]);
  });
});

describe('reconcileCapitationPeriod', () => {
  it.each([
    { received: '30.00', disposition: undefined, got: 'ACCEPTED', variance: '0.00', status: 'RECONCILED' },
    { received: '20.00', disposition: undefined, got: 'PENDING_REVIEW', variance: '-10.00', status: 'PARTIALLY_PAID' },
    { received: '0.00', disposition: undefined, got: 'PENDING_REVIEW', variance: '-30.00', status: 'PARTIALLY_PAID' },
    { received: '45.00', disposition: undefined, got: 'PENDING_REVIEW', variance: '15.00', status: 'PAID' },
    { received: '20.00', disposition: 'PENDING_REVIEW', got: 'PENDING_REVIEW', variance: '-10.00', status: 'PARTIALLY_PAID' },
    { received: '30.00', disposition: 'PENDING_REVIEW', got: 'PENDING_REVIEW', variance: '0.00', status: 'RECONCILED' },
    { received: '20.00', disposition: 'ACCEPTED', got: 'ACCEPTED', variance: '-10.00', status: 'RECONCILED' },
    { received: '20.00', disposition: 'WRITTEN_OFF', got: 'WRITTEN_OFF', variance: '-10.00', status: 'RECONCILED' },
    { received: '45.00', disposition: 'RETRO_ADJUSTMENT', got: 'RETRO_ADJUSTMENT', variance: '15.00', status: 'RECONCILED' },
    { received: '20.00', disposition: 'DISPUTED', got: 'DISPUTED', variance: '-10.00', status: 'DISPUTED' },
    { received: '30.00', disposition: 'DISPUTED', got: 'DISPUTED', variance: '0.00', status: 'DISPUTED' },
  ])('$received against 30.00 with disposition $disposition is $got and makes the period $status', async ({ received, disposition, got, variance, status }) => {
    const { org, contractId, periodId } = await seeded();
    const token = await tokenFor(org.orgId, ['org_admin'], [], 'user-42');
    const res = await reconcile(token, periodId, { receivedAmount: received, varianceDisposition: disposition, paymentDate: '2025-01-28', notes: '  wire 881  ' });
    const rec = {
      id: expect.any(String), expectedAmount: '30.00', receivedAmount: received, varianceAmount: variance, varianceDisposition: got,
      paymentDate: '2025-01-28', reconciledBy: 'user-42', reconciledAt: expect.any(String), notes: 'wire 881',
    };
    const after = period(contractId, '2025-01-01', '2025-01-31', 3, '30.00', { id: periodId, status, receivedRevenue: received, variance });
    expect(res).toEqual({ status: 200, data: { reconcileCapitationPeriod: { ...rec, period: after } } });
    expect(await readPeriod(org.admin, periodId)).toEqual({ ...after, reconciliations: [{ ...rec, id: res.data.reconcileCapitationPeriod.id }] });
  });

  // A verified token's sub is what reconciledBy records, up to OpenID Connect's 255 characters.
  it('records a 255-character sub as reconciledBy', async () => {
    const { org, periodId } = await seeded();
    const sub = `https://idp.example.org/users/${'u'.repeat(225)}`;
    const res = await reconcile(await tokenFor(org.orgId, ['org_admin'], [], sub), periodId, { receivedAmount: '30.00' });
    expect([res.errors, res.data?.reconcileCapitationPeriod?.reconciledBy]).toEqual([undefined, sub]);
    expect((await readPeriod(org.admin, periodId)).reconciliations.map((r: any) => r.reconciledBy)).toEqual([sub]);
  });

  it('expects the remainder after partial payments, goes negative after an overpayment, and takes late payments on a RECONCILED period', async () => {
    const { org, periodId } = await seeded();
    const steps = [
      { input: { receivedAmount: '10.00' }, rec: ['30.00', '-20.00', 'PENDING_REVIEW'], period: ['PARTIALLY_PAID', '10.00', '-20.00'] },
      { input: { receivedAmount: '15.00' }, rec: ['20.00', '-5.00', 'PENDING_REVIEW'], period: ['PARTIALLY_PAID', '25.00', '-5.00'] },
      { input: { receivedAmount: '10.00' }, rec: ['5.00', '5.00', 'PENDING_REVIEW'], period: ['PAID', '35.00', '5.00'] },
      { input: { receivedAmount: '0.00', varianceDisposition: 'ACCEPTED' }, rec: ['-5.00', '5.00', 'ACCEPTED'], period: ['RECONCILED', '35.00', '5.00'] },
      { input: { receivedAmount: '2.00' }, rec: ['-5.00', '7.00', 'PENDING_REVIEW'], period: ['PAID', '37.00', '7.00'] },
      { input: { receivedAmount: '0.00', varianceDisposition: 'DISPUTED' }, rec: ['-7.00', '7.00', 'DISPUTED'], period: ['DISPUTED', '37.00', '7.00'] },
    ];
    const ids: string[] = [];
    for (const { input, rec: [expectedAmount, varianceAmount, varianceDisposition], period: [status, receivedRevenue, variance] } of steps) {
      const r = await pay(org, periodId, input);
      expect(r).toMatchObject({ expectedAmount, receivedAmount: input.receivedAmount, varianceAmount, varianceDisposition, period: { status, receivedRevenue, variance, expectedRevenue: '30.00' } });
      ids.push(r.id);
    }
    const read = await readPeriod(org.admin, periodId);
    expect(read).toMatchObject({ status: 'DISPUTED', receivedRevenue: '37.00', variance: '7.00', retroAdjustment: '0.00' });
    expect(read.reconciliations.map((r: any) => r.id)).toEqual(ids); // ordered by reconciledAt
    const times = read.reconciliations.map((r: any) => Date.parse(r.reconciledAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('a late payment that meets the remainder of a WRITTEN_OFF period is ACCEPTED and keeps it RECONCILED', async () => {
    const { org, periodId } = await seeded();
    await pay(org, periodId, { receivedAmount: '20.00', varianceDisposition: 'WRITTEN_OFF' });
    expect(await pay(org, periodId, { receivedAmount: '10.00' })).toMatchObject({
      expectedAmount: '10.00', varianceAmount: '0.00', varianceDisposition: 'ACCEPTED', period: { status: 'RECONCILED', receivedRevenue: '30.00', variance: '0.00' },
    });
  });

  it('keeps notes of 4000 characters, stores blank notes as null, reads a JSON number amount exactly', async () => {
    const { org, periodId } = await seeded();
    expect((await pay(org, periodId, { receivedAmount: 0.1 })).receivedAmount).toBe('0.10');
    expect((await pay(org, periodId, { receivedAmount: '1.00', notes: 'n'.repeat(4000) })).notes).toBe('n'.repeat(4000));
    expect((await pay(org, periodId, { receivedAmount: '1.00', notes: '   ' })).notes).toBeNull();
    expect((await readPeriod(org.admin, periodId)).reconciliations.map((r: any) => r.notes?.length ?? null)).toEqual([null, 4000, null]);
  });

  it.each([
    { input: { receivedAmount: '-0.01' }, field: 'input.receivedAmount' },
    { input: { receivedAmount: '1.234' }, field: 'input.receivedAmount' },
    { input: { receivedAmount: 'ten' }, field: 'input.receivedAmount' },
    { input: { receivedAmount: 1.005 }, field: 'input.receivedAmount' },
    { input: { receivedAmount: '1000000000000' }, field: 'input.receivedAmount' },
    { input: { receivedAmount: null }, field: 'input.receivedAmount' },
    { input: { receivedAmount: '1.00', paymentDate: '2025-02-30' }, field: 'input.paymentDate' },
    { input: { receivedAmount: '1.00', paymentDate: '2025-2-05' }, field: 'input.paymentDate' },
    { input: { receivedAmount: '1.00', varianceDisposition: 'MAYBE' }, field: 'input.varianceDisposition' },
    { input: { receivedAmount: '1.00', notes: 'x'.repeat(4001) }, field: 'input.notes' },
  ])('refuses $input.receivedAmount/$input.paymentDate/$input.varianceDisposition/$input.notes.length as BAD_USER_INPUT on $field, recording nothing', async ({ input, field }) => {
    const { org, contractId, periodId } = await seeded();
    expectRefused(await reconcile(org.admin, periodId, input), 'BAD_USER_INPUT', field);
    expect(await readPeriod(org.admin, periodId)).toEqual({ ...period(contractId, '2025-01-01', '2025-01-31', 3, '30.00', { id: periodId }), reconciliations: [] });
  });

  it('refuses a period of an archived contract (READ_ONLY) and another organization’s or a malformed id (NOT_FOUND)', async () => {
    const { org, periodId } = await seeded();
    await pay(org, periodId, { receivedAmount: '10.00' });
    const before = await readPeriod(org.admin, periodId);
    const other = await newOrg();
    for (const id of [periodId, 'not-a-uuid', UNUSED_UUID]) expectRefused(await reconcile(other.admin, id, { receivedAmount: '5.00' }), 'NOT_FOUND');
    const archived = await seeded('2025-01-31', org);
    await archive(org, archived.contractId);
    expectRefused(await reconcile(org.admin, archived.periodId, { receivedAmount: '5.00' }), 'READ_ONLY');
    expect(await readPeriod(org.admin, periodId)).toEqual(before);
    expect(await readPeriod(org.admin, archived.periodId)).toMatchObject({ receivedRevenue: '0.00', status: 'OPEN', reconciliations: [] });
  });

  it.each([2, 5])('%i concurrent reconciliations of one period are all kept with consistent totals', async (n) => {
    const { org, periodId } = await seeded();
    const amounts = n === 2 ? ['10.00', '20.00'] : ['1.00', '2.00', '3.00', '4.00', '5.00'];
    const results = await Promise.all(amounts.map((receivedAmount) => reconcile(org.admin, periodId, { receivedAmount })));
    for (const res of results) expect(res.errors).toBeUndefined();
    const total = amounts.reduce((sum, a) => sum.plus(a), new Decimal(0));
    const read = await readPeriod(org.admin, periodId);
    expect(read).toMatchObject({ receivedRevenue: money(total), variance: money(total.minus(30)), status: n === 2 ? 'RECONCILED' : 'PARTIALLY_PAID' });
    expect(read.reconciliations.map((r: any) => r.id).sort()).toEqual(results.map((r) => r.data.reconcileCapitationPeriod.id).sort());
    let earlier = new Decimal(0);
    for (const r of read.reconciliations) { // in the order of reconciledAt, each expected what the earlier ones left
      expect([r.expectedAmount, r.varianceAmount]).toEqual([money(new Decimal(30).minus(earlier)), money(new Decimal(r.receivedAmount).minus(30).plus(earlier))]);
      earlier = earlier.plus(r.receivedAmount);
    }
    const byId = new Map(read.reconciliations.map((r: any) => [r.id, r]));
    for (const res of results) expect(byId.get(res.data.reconcileCapitationPeriod.id)).toEqual(expect.objectContaining({ expectedAmount: res.data.reconcileCapitationPeriod.expectedAmount }));
  });
});

describe('reconciliations are append-only', () => {
  const asService = (orgId: string, sql: 'UPDATE' | 'DELETE' | 'DELETE PERIOD') => app.db.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('role', 'pm_vbp_app', true), set_config('app.org_id', ${orgId}, true)`;
    if (sql === 'UPDATE') await tx.$executeRaw`UPDATE pm_capitation_reconciliations SET notes = 'x', received_amount = 0`;
    else if (sql === 'DELETE') await tx.$executeRaw`DELETE FROM pm_capitation_reconciliations`;
    else await tx.$executeRaw`DELETE FROM pm_capitation_periods`; // would cascade to its reconciliations
  });
  const raw = (id: string) => app.db.withSession((s) => s.query(`SELECT * FROM pm_capitation_reconciliations WHERE id = '${id}'`));

  it('refuses UPDATE and DELETE to the service role and to the owner, and the row stays as it was', async () => {
    const { org, periodId } = await seeded();
    const { id } = await pay(org, periodId, { receivedAmount: '12.00', notes: 'original' });
    const before = await raw(id);
    expect(before).toEqual([expect.objectContaining({ notes: 'original' })]);
    for (const sql of ['UPDATE', 'DELETE', 'DELETE PERIOD'] as const) await expect(asService(org.orgId, sql)).rejects.toThrow();
    for (const sql of [`UPDATE pm_capitation_reconciliations SET notes = 'x' WHERE id = '${id}'`, `DELETE FROM pm_capitation_reconciliations WHERE id = '${id}'`]) {
      await expect(app.db.withSession((s) => s.query(sql))).rejects.toThrow(/append-only/);
    }
    expect(await raw(id)).toEqual(before);
    expect(await readPeriod(org.admin, periodId)).toMatchObject({ receivedRevenue: '12.00', reconciliations: [expect.objectContaining({ id, notes: 'original' })] });
  });
});

describe('capitationRevenue', () => {
  it('sums every contract of the organization by month, archived ones included, with zeros for empty months and never another organization', async () => {
    const org = await newOrg();
    const c1 = await seeded('2025-03-31', org);
    await pay(org, c1.periods[0].id, { receivedAmount: '30.00' });
    await pay(org, c1.periods[1].id, { receivedAmount: '25.00' });
    const c2 = await createContract(org, { pmpmRate: '33.33', effectiveFrom: '2025-02-15', effectiveTo: '2025-04-10' });
    await roster(org, c2, members(2, '2025-02-15', 'SECOND-'));
    const p2 = await generate(org, c2, '2025-12-31');
    await pay(org, p2[1].id, { receivedAmount: '70.00' });
    await archive(org, c2);
    const other = await seeded('2025-05-31', await newOrg());
    await pay(other.org, other.periodId, { receivedAmount: '1000.00' });
    const row = (month: string, enrolledMemberCount: number, expectedRevenue: string, receivedRevenue: string) =>
      ({ month, enrolledMemberCount, expectedRevenue, receivedRevenue, variance: money(new Decimal(receivedRevenue).minus(expectedRevenue)) });
    expect(await app.gql(REVENUE, { from: '2024-12-15', to: '2025-05-02' }, org.admin)).toEqual({ status: 200, data: { capitationRevenue: [
      row('2024-12-01', 0, '0.00', '0.00'), row('2025-01-01', 3, '30.00', '30.00'), row('2025-02-01', 5, '96.66', '25.00'),
      row('2025-03-01', 5, '96.66', '70.00'), row('2025-04-01', 2, '66.66', '0.00'), row('2025-05-01', 0, '0.00', '0.00'),
    ] } });
    expect((await must(REVENUE, { from: '2025-03-20', to: '2025-03-21' }, org.siteAdmin)).capitationRevenue).toEqual([row('2025-03-01', 5, '96.66', '70.00')]);
  });

  it('covers at most 120 months', async () => {
    const org = await newOrg();
    const months = (await must(REVENUE, { from: '2015-01-31', to: '2024-12-01' }, org.admin)).capitationRevenue;
    expect([months.length, months[0].month, months[119].month]).toEqual([120, '2015-01-01', '2024-12-01']);
    expect(months.every((m: any) => m.enrolledMemberCount === 0 && m.expectedRevenue === '0.00' && m.variance === '0.00')).toBe(true);
  });

  it.each([
    { from: '2025-03-02', to: '2025-03-01', field: ['from', 'to'] },
    { from: '2025-01-01', to: '2024-12-31', field: ['from', 'to'] },
    { from: '2015-01-01', to: '2025-01-01', field: ['from', 'to'] }, // 121 months
    { from: '2025-02-30', to: '2025-03-01', field: ['from'] },
    { from: '2025-01-01', to: '2025-13-01', field: ['to'] },
  ])('refuses from $from to $to as BAD_USER_INPUT', async ({ from, to, field }) => {
    const res = await app.gql(REVENUE, { from, to }, (await newOrg()).admin);
    expectRefused(res, 'BAD_USER_INPUT');
    expect(field).toContain(res.errors![0].extensions!.field);
  });
});

describe('permissions, lookups and _entities', () => {
  it('site_admin reads periods and revenue; only pm.capitation.manage generates and reconciles; staff and service read nothing', async () => {
    const { org, contractId, periodId } = await seeded();
    await pay(org, periodId, { receivedAmount: '10.00' });
    const state = await readPeriod(org.admin, periodId);
    expect(await readPeriod(org.siteAdmin, periodId)).toEqual(state);
    expect(await app.gql(ENTITIES, { r: [{ __typename: 'CapitationPeriod', id: periodId }] }, org.siteAdmin))
      .toEqual({ status: 200, data: { _entities: [(({ reconciliations, ...p }) => p)(state)] } });
    for (const token of [org.siteAdmin, org.staff, org.service]) {
      expectRefused(await app.gql(GENERATE, { id: contractId, through: '2025-03-31' }, token), 'FORBIDDEN');
      expectRefused(await reconcile(token, periodId, { receivedAmount: '5.00' }), 'FORBIDDEN');
    }
    for (const token of [org.staff, org.service]) {
      const read = await app.gql(PERIOD, { id: periodId }, token);
      expect([read.data, codes(read)]).toEqual([{ capitationPeriod: null }, ['FORBIDDEN']]);
      expectRefused(await app.gql(REVENUE, { from: '2025-01-01', to: '2025-01-31' }, token), 'FORBIDDEN');
      const entities = await app.gql(ENTITIES, { r: [{ __typename: 'CapitationPeriod', id: periodId }] }, token);
      expect(codes(entities).length).toBeGreaterThan(0);
      expect(new Set(codes(entities))).toEqual(new Set(['FORBIDDEN']));
      expect(JSON.stringify(entities.data ?? null)).not.toContain('30.00');
    }
    expect(await readPeriod(org.admin, periodId)).toEqual(state);
    const manager = await tokenFor(org.orgId, ['service'], ['pm.capitation.manage'], 'svc-1');
    expect((await reconcile(manager, periodId, { receivedAmount: '5.00' })).data.reconcileCapitationPeriod).toMatchObject({ reconciledBy: 'svc-1', expectedAmount: '20.00' });
  });

  it('an own period resolves; another organization’s, an unknown or a malformed id is null', async () => {
    const { org, periodId } = await seeded();
    const other = await seeded('2025-01-31', await newOrg());
    const own = await readPeriod(org.admin, periodId);
    const ids = [periodId, other.periodId, UNUSED_UUID, 'not-a-uuid'];
    const res = await app.gql(ENTITIES, { r: ids.map((id) => ({ __typename: 'CapitationPeriod', id })) }, org.admin);
    expect(res).toEqual({ status: 200, data: { _entities: [(({ reconciliations, ...p }) => p)(own), null, null, null] } });
    for (const id of ids.slice(1)) expect(await app.gql(PERIOD, { id }, org.admin)).toEqual({ status: 200, data: { capitationPeriod: null } });
    expect(await app.gql(PERIOD, { id: randomUUID() }, other.org.admin)).toEqual({ status: 200, data: { capitationPeriod: null } });
  });
});
