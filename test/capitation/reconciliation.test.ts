import Decimal from 'decimal.js';
import { newOrg, tokenFor } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, PERIOD, UNUSED_UUID, app, archive, money, pay, period, readPeriod, reconcile, seeded } from '../helpers/capitation-periods';

bootApp();

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
