import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { clEvent } from '../helpers/cl-events';
import { connectTestNats, eventually, type NatsConnection, TEST_NATS_URL } from '../helpers/nats';
import { serviceDatabase, type ServiceDatabase, startServiceProcess, type ServiceProcess } from '../helpers/service-process';
import { newOrg } from '../helpers/tokens';
import { RECONCILE, threePeriods } from '../helpers/periods';
import type { TestApp } from '../helpers/server';

/**
 * `npm start` with NATS_URL: the contract's own streams, subjects and consumer
 * on the shared server (every check filters by this test's organization).
 */
describe('the service with NATS_URL', () => {
  let nc: NatsConnection;
  let database: ServiceDatabase;
  let service: ServiceProcess;
  let client: Pick<TestApp, 'gql'>;
  beforeAll(async () => {
    nc = await connectTestNats();
    database = await serviceDatabase();
    service = await startServiceProcess({ ...database.env, NATS_URL: TEST_NATS_URL });
    client = {
      async gql(query, variables, token) {
        const response = await fetch(`${service.url}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
        });
        const body = await response.json() as { data?: any; errors?: any[] };
        return { status: response.status, ...body };
      },
    };
  });
  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await database?.drop();
    await nc?.close();
  });

  it('ensures PM_EVENTS and CL_EVENTS with the consumer pm-vbp, stores a CL event, publishes a reconciliation, and stops cleanly', async () => {
    const jsm = await jetstreamManager(nc);
    await eventually(async () => !!(await jsm.consumers.info('CL_EVENTS', 'pm-vbp').catch(() => undefined)), 'the consumer pm-vbp');
    await eventually(async () => !!(await jsm.streams.info('PM_EVENTS').catch(() => undefined)), 'the stream PM_EVENTS');
    const { config } = await jsm.streams.info('PM_EVENTS');
    expect(config).toMatchObject({ subjects: expect.arrayContaining(['pm.events.>']), storage: 'file' });
    expect(config.duplicate_window).toBeGreaterThanOrEqual(120e9);
    expect((await jsm.consumers.info('CL_EVENTS', 'pm-vbp')).config).toMatchObject({
      ack_policy: 'explicit', filter_subject: 'cl.events.quality_measure_period_calculated',
    });

    const org = await newOrg();
    await jetstream(nc).publish('cl.events.quality_measure_period_calculated', JSON.stringify(clEvent(org.orgId, { numerator_count: 77 })));
    await eventually(async () => {
      const r = await client.gql('{ qualityMeasureResults(periodStart: "2025-01-01", periodEnd: "2025-12-31") { numeratorCount } }', {}, org.staff);
      return r.data?.qualityMeasureResults?.[0]?.numeratorCount === 77;
    }, 'the CL event stored');

    const lastSeq = (await jsm.streams.info('PM_EVENTS')).state.last_seq;
    const { periodIds } = await threePeriods(client as TestApp, org);
    const reconciled = await client.gql(RECONCILE, { p: periodIds[0], amount: '45.10' }, org.admin);
    expect(reconciled.errors).toBeUndefined();
    const ours: { subject: string; body: any }[] = [];
    let next = lastSeq + 1;
    await eventually(async () => {
      for (const last = (await jsm.streams.info('PM_EVENTS')).state.last_seq; next <= last; next++) {
        const m = await jsm.streams.getMessage('PM_EVENTS', { seq: next }).catch(() => null);
        if (m?.json<any>().payload?.organization_id === org.orgId) ours.push({ subject: m.subject, body: m.json() });
      }
      return ours.length >= 1;
    }, 'the capitation_payment_received event in PM_EVENTS');
    expect(ours).toHaveLength(1);
    const [event] = ours;
    expect(event.subject).toBe('pm.events.capitation_payment_received');
    expect(event.body.payload.reconciliation_id).toBe(reconciled.data.reconcileCapitationPeriod.id);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});
