import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { codes } from '../helpers/server';
import { newOrg, tokenFor } from '../helpers/tokens';
import { expectRefused } from '../helpers/refusals';
import { bootApp, ENTITIES, Event, GENERATE, PERIOD, REVENUE, UNUSED_UUID, app, archive, createContract, generate, members, money, must, pay, period, readPeriod, readPeriods, reconcile, roster, seeded, setRate } from '../helpers/capitation-periods';

bootApp();

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
    { rate: '99999.99', count: 12, expected: '1199999.88' }, // float: 1199999.8800000001
    { rate: '45.10', count: 0, expected: '0.00' },
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
