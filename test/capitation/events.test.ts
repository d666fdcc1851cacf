import { createLogger } from '../../src/platform/log';
import { createOutboxRelay, type OutboxRelay } from '../../src/platform/events/relay';
import { listen } from '../helpers/events';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg, type TestOrg } from '../helpers/tokens';

const MEMBER_ID = 'PHI-MEMBER-987654321';
const silent = createLogger('silent');

/** A contract with one enrolled member and its January period; returns the period id. */
async function reconcilablePeriod(app: TestApp, org: TestOrg, payerId: string | null = 'payer-77') {
  const created = await app.gql('mutation ($input: CreateCapitationContractInput!) { createCapitationContract(input: $input) { id } }',
    { input: { name: 'HMO', pmpmRate: '45.10', effectiveFrom: '2025-01-01', payerId } }, org.admin);
  const contractId = created.data.createCapitationContract.id;
  await app.gql('mutation ($c: ID!) { recordRosterEvent(contractId: $c, input: { memberIdExternal: "PHI-MEMBER-987654321", eventType: ENROLL, effectiveDate: "2025-01-01" }) { id } }',
    { c: contractId }, org.admin);
  const periods = await app.gql('mutation ($c: ID!) { generateCapitationPeriods(contractId: $c, through: "2025-01-31") { id } }', { c: contractId }, org.admin);
  return { contractId, periodId: periods.data.generateCapitationPeriods[0].id as string };
}

const RECONCILE = `mutation ($p: ID!, $amount: Decimal!) {
  reconcileCapitationPeriod(periodId: $p, input: { receivedAmount: $amount, paymentDate: "2025-02-03" }) { id reconciledAt } }`;

const unsent = (app: TestApp) => app.db.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM pm_outbox WHERE sent_at IS NULL'));

describe('capitation_payment_received on pm_events', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });

  it('is published once per reconciliation, after commit, exactly as the README shapes it, without PHI', async () => {
    const org = await newOrg();
    const { contractId, periodId } = await reconcilablePeriod(app, org);
    const listener = await listen(app.db, 'pm_events');
    try {
      const first = await app.gql(RECONCILE, { p: periodId, amount: '40.00' }, org.admin);
      const second = await app.gql(RECONCILE, { p: periodId, amount: '5.10' }, org.admin);
      const messages = (await listener.waitFor(2)).map((m) => JSON.parse(m));
      const ours = messages.filter((m) => m.payload.organization_id === org.orgId);
      expect(ours).toEqual([first, second].map((res, i) => ({
        event: 'capitation_payment_received', version: '1.0', id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        occurred_at: res.data.reconcileCapitationPeriod.reconciledAt,
        payload: {
          organization_id: org.orgId, contract_id: contractId, period_id: periodId, amount: ['40.00', '5.10'][i],
          payment_date: '2025-02-03', payer_id: 'payer-77', reconciliation_id: res.data.reconcileCapitationPeriod.id,
        },
      })));
      expect(new Set(ours.map((m) => m.id)).size).toBe(2);
      expect(listener.messages.join('\n')).not.toContain(MEMBER_ID);
      expect(listener.messages.join('\n')).not.toContain('987654321');
      expect(await unsent(app)).toEqual([{ n: 0 }]);
    } finally {
      await listener.close();
    }
  });

  it('carries payer_id null for a contract without a payer', async () => {
    const org = await newOrg();
    const { periodId } = await reconcilablePeriod(app, org, null);
    const listener = await listen(app.db, 'pm_events');
    try {
      await app.gql(RECONCILE, { p: periodId, amount: '45.10' }, org.admin);
      const [message] = (await listener.waitFor(1)).map((m) => JSON.parse(m));
      expect(message.payload.payer_id).toBeNull();
    } finally {
      await listener.close();
    }
  });

  it('is not published for a refused reconciliation', async () => {
    const org = await newOrg();
    const { periodId } = await reconcilablePeriod(app, org);
    const refused = await app.gql(RECONCILE, { p: periodId, amount: '-1.00' }, org.admin);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const rows = await app.db.withSession((s) => s.query('SELECT id FROM pm_outbox WHERE organization_id = $1', [org.orgId]));
    expect(rows).toEqual([]);
  });
});

describe('when the process dies between commit and publish', () => {
  const deadRelay: OutboxRelay = { kick: () => undefined, drain: async () => 0, start: () => undefined, stop: async () => undefined };
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp({ outbox: deadRelay }); });
  afterAll(async () => { await app.close(); });

  it('the committed event stays in the outbox and is delivered once by the relay on restart', async () => {
    const org = await newOrg();
    const { periodId } = await reconcilablePeriod(app, org);
    const listener = await listen(app.db, 'pm_events');
    try {
      const res = await app.gql(RECONCILE, { p: periodId, amount: '45.10' }, org.admin);
      expect(res.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(listener.messages).toEqual([]); // nothing published: the relay "died"
      expect(await unsent(app)).toEqual([{ n: 1 }]);

      const restarted = createOutboxRelay(app.db.prisma, silent); // the next process's relay
      restarted.start();
      const [message] = (await listener.waitFor(1)).map((m) => JSON.parse(m));
      expect(message.payload.reconciliation_id).toBe(res.data.reconcileCapitationPeriod.id);
      expect(await restarted.drain()).toBe(0); // marked sent: no second publication
      await restarted.stop();
      expect(listener.messages).toHaveLength(1);
      expect(await unsent(app)).toEqual([{ n: 0 }]);
    } finally {
      await listener.close();
    }
  });

  it('two relays draining at once publish each event once', async () => {
    const org = await newOrg();
    const { periodId } = await reconcilablePeriod(app, org);
    for (const amount of ['10.00', '10.00', '10.00', '15.10']) await app.gql(RECONCILE, { p: periodId, amount }, org.admin);
    const listener = await listen(app.db, 'pm_events');
    try {
      const [a, b] = [createOutboxRelay(app.db.prisma, silent), createOutboxRelay(app.db.prisma, silent)];
      const published = await Promise.all([a.drain(), b.drain()]);
      expect(published[0] + published[1]).toBe(4);
      await listener.waitFor(4);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(new Set(listener.messages.map((m) => JSON.parse(m).id)).size).toBe(4);
      expect(listener.messages).toHaveLength(4);
    } finally {
      await listener.close();
    }
  });
});
