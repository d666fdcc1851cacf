import { jetstreamManager } from '@nats-io/jetstream';
import { createLogger } from '../../src/platform/log';
import { type EventBus } from '../../src/platform/events/bus';
import { natsEventBus, type NatsNames } from '../../src/platform/events/nats';
import { createOutboxRelay } from '../../src/platform/events/relay';
import { connectTestNats, consumeAsFa, deleteStreams, type NatsConnection, TEST_NATS_URL, uniqueNames } from '../helpers/nats';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';
import { RECONCILE, threePeriods, unsent } from '../helpers/periods';

const silent = createLogger('silent');

describe('capitation_payment_received on NATS JetStream', () => {
  let nc: NatsConnection;
  let names: NatsNames;
  let bus: EventBus;
  let app: TestApp;
  beforeAll(async () => {
    nc = await connectTestNats();
    names = uniqueNames();
    bus = natsEventBus({ url: TEST_NATS_URL, log: silent, names });
    app = await startTestApp({ bus });
  });
  afterAll(async () => {
    await app?.close();
    await bus?.close();
    if (nc) {
      await deleteStreams(nc, names);
      await nc.close();
    }
  });

  it('a consumer down while three periods are reconciled gets all three, each once, as the README shapes them', async () => {
    const org = await newOrg();
    const { contractId, periodIds } = await threePeriods(app, org);
    const reconciled = [];
    for (const [i, p] of periodIds.entries()) {
      const res = await app.gql(RECONCILE, { p, amount: ['40.00', '41.00', '42.00'][i] }, org.admin);
      expect(res.errors).toBeUndefined();
      reconciled.push(res.data.reconcileCapitationPeriod);
    }
    await app.outbox.drain();
    expect(await unsent(app)).toBe(0);

    // FA starts only now, with a durable consumer of its own.
    const got = await consumeAsFa(nc, names.outStream, 'fa-test', 3);
    expect(got.map((m) => m.body)).toEqual(reconciled.map((r, i) => ({
      event: 'capitation_payment_received', version: '1.0', id: expect.stringMatching(/^[0-9a-f-]{36}$/), occurred_at: r.reconciledAt,
      payload: {
        organization_id: org.orgId, contract_id: contractId, period_id: periodIds[i], amount: ['40.00', '41.00', '42.00'][i],
        payment_date: '2025-02-03', payer_id: 'payer-77', reconciliation_id: r.id,
      },
    })));
    expect(got.map((m) => m.subject)).toEqual(Array(3).fill(`${names.outSubjects}.capitation_payment_received`));
    expect(got.map((m) => m.msgId)).toEqual(got.map((m) => m.body.id));
    expect(new Set(got.map((m) => m.body.id)).size).toBe(3);
    expect(JSON.stringify(got)).not.toContain('PHI-MEMBER');
  });

  it('ensures the stream: its subjects, file storage and a duplicate window of at least 2 minutes', async () => {
    const { config } = await (await jetstreamManager(nc)).streams.info(names.outStream);
    expect(config.subjects).toEqual([`${names.outSubjects}.>`]);
    expect(config.storage).toBe('file');
    expect(config.duplicate_window).toBeGreaterThanOrEqual(120 * 1e9);
  });

  it('two instances draining at once, and a publish repeated after a lost commit, leave each event once in the stream', async () => {
    // Reconciled on an instance whose bus refuses every publish: the events wait in its outbox.
    const held = await startTestApp({ bus: { ...bus, publish: async () => { throw new Error('held back'); } } });
    try {
      const org = await newOrg();
      const [p] = (await threePeriods(held, org)).periodIds;
      for (const amount of ['10.00', '10.00', '10.00', '15.10']) expect((await held.gql(RECONCILE, { p, amount }, org.admin)).errors).toBeUndefined();
      expect(await unsent(held)).toBe(4);
      const [a, b] = [createOutboxRelay(held.db.prisma, silent, { bus }), createOutboxRelay(held.db.prisma, silent, { bus })];
      const published = await Promise.all([a.drain(), b.drain()]);
      expect(published[0] + published[1]).toBe(4);
      // As if the commit that marked them sent had been lost: published again, dropped by the stream as duplicates.
      await held.db.withSession((s) => s.query('UPDATE pm_outbox SET sent_at = NULL'));
      expect(await a.drain()).toBe(4);
      const got = (await consumeAsFa(nc, names.outStream, 'fa-twice', 7)).filter((m) => m.body.payload.organization_id === org.orgId);
      expect(got).toHaveLength(4);
      expect(new Set(got.map((m) => m.body.id)).size).toBe(4);
    } finally {
      await held.close();
    }
  });
});
