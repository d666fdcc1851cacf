import { createLogger } from '../../src/platform/log';
import type { EventBus } from '../../src/platform/events/bus';
import { natsEventBus, type NatsNames } from '../../src/platform/events/nats';
import { connectTestNats, consumeAsFa, deleteStreams, type NatsConnection, TEST_NATS_URL, uniqueNames } from '../helpers/nats';
import { startTestApp, type TestApp } from '../helpers/server';
import { startTcpProxy, throughProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { newOrg } from '../helpers/tokens';
import { RECONCILE, threePeriods, unsent } from '../helpers/periods';

const silent = createLogger('silent');

const metric = async (app: TestApp, line: RegExp) => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return Number(text.match(line)?.[1] ?? 0);
};

describe('NATS unreachable: events wait in the outbox and go out in order once it is back', () => {
  let nc: NatsConnection;
  let names: NatsNames;
  let proxy: TcpProxy;
  let bus: EventBus;
  let app: TestApp;
  beforeAll(async () => {
    nc = await connectTestNats();
    names = uniqueNames();
    const target = new URL(TEST_NATS_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 4222));
    bus = natsEventBus({ url: throughProxy(TEST_NATS_URL, proxy), log: silent, names, publishTimeoutMs: 500 });
    app = await startTestApp({ bus });
  });
  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await proxy?.close();
    if (nc) {
      await deleteStreams(nc, names);
      await nc.close();
    }
  });

  it('reconciliations commit while NATS is down, /ready stays 200, and every event arrives once, in order, when it returns', async () => {
    const org = await newOrg();
    const { periodIds } = await threePeriods(app, org);
    // One event before the outage: the stream exists and the connection is up.
    const before = await app.gql(RECONCILE, { p: periodIds[0], amount: '1.00' }, org.admin);
    await app.outbox.drain();
    expect(await unsent(app)).toBe(0);
    const failuresBefore = await metric(app, /^pm_event_publish_failures_total\{bus="nats"\} (\S+)$/m);

    await proxy.cut();
    const during = [];
    for (const [i, p] of periodIds.entries()) {
      const res = await app.gql(RECONCILE, { p, amount: `${10 + i}.00` }, org.admin);
      expect(res.errors).toBeUndefined();
      during.push(res.data.reconcileCapitationPeriod.id);
    }
    await app.outbox.drain();
    expect(await unsent(app)).toBe(3);
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
    expect(await metric(app, /^pm_event_publish_failures_total\{bus="nats"\} (\S+)$/m)).toBeGreaterThan(failuresBefore);

    await proxy.restore();
    const deadline = Date.now() + 20_000;
    while ((await unsent(app)) > 0 && Date.now() < deadline) {
      await app.outbox.drain();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await unsent(app)).toBe(0);

    const got = await consumeAsFa(nc, names.outStream, 'fa-after-outage', 4);
    expect(got.map((m) => m.body.payload.reconciliation_id)).toEqual([before.data.reconcileCapitationPeriod.id, ...during]);
    expect(new Set(got.map((m) => m.body.id)).size).toBe(4);
    // Stream order is creation order.
    expect(got.map((m) => m.seq)).toEqual([...got.map((m) => m.seq)].sort((a, b) => a - b));
  });
});
