import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkers } from '../../src/app/workers';
import { type Database, openDatabase } from '../../src/platform/db/client';
import { migrate } from '../../src/platform/db/migrate';
import type { EventBus } from '../../src/platform/events/bus';
import { natsEventBus, type NatsNames } from '../../src/platform/events/nats';
import { createLogger } from '../../src/platform/log';
import type { Worker } from '../../src/platform/module';
import { clEvent } from '../helpers/cl-events';
import { connectTestNats, deleteStreams, eventually, type NatsConnection, TEST_NATS_URL, uniqueNames } from '../helpers/nats';
import { startTestApp, type TestApp } from '../helpers/server';
import { startTcpProxy, throughProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { newOrg } from '../helpers/tokens';

const silent = createLogger('silent');
const onPostgres = !!process.env.TEST_DATABASE_URL;

const stored = async (db: Database, orgId: string) => (await db.withSession((s) => s.query<{ n: number }>(
  'SELECT count(*)::int AS n FROM pm_quality_measure_results WHERE organization_id = $1::uuid', [orgId])))[0].n;
const inbox = (db: Database, outcome: string) => db.withSession((s) => s.query<{ organization_id: string | null; reason: string | null }>(
  "SELECT organization_id::text, reason FROM pm_inbox WHERE channel = 'cl_events' AND outcome = $1 ORDER BY received_at", [outcome]));

describe('cl_quality_measure_period_calculated through the durable consumer pm-vbp', () => {
  let nc: NatsConnection;
  let names: NatsNames;
  let bus: EventBus;
  let dbProxy: TcpProxy | undefined;
  let app: TestApp;
  let worker: Worker | undefined;
  const subject = () => `${names.inSubjects}.quality_measure_period_calculated`;
  const publish = (payload: unknown) => jetstream(nc).publish(subject(), typeof payload === 'string' ? payload : JSON.stringify(payload));
  const consumerInfo = async () => (await jetstreamManager(nc)).consumers.info(names.inStream, names.durable);

  beforeAll(async () => {
    nc = await connectTestNats();
    names = uniqueNames();
    bus = natsEventBus({ url: TEST_NATS_URL, log: silent, names });
    if (onPostgres) {
      const target = new URL(process.env.TEST_DATABASE_URL!);
      dbProxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    }
    app = await startTestApp({ bus, route: dbProxy && ((url) => throughProxy(url, dbProxy!)) });
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await bus?.close();
    await dbProxy?.close();
    if (nc) {
      await deleteStreams(nc, names);
      await nc.close();
    }
  });

  it('creates the stream and the consumer (explicit acks, filtered on the subject) when missing', async () => {
    worker = await startWorkers(app.db, silent, bus);
    await eventually(async () => !!(await consumerInfo().catch(() => undefined)), 'the consumer');
    const info = await consumerInfo();
    expect(info.config).toMatchObject({ durable_name: 'pm-vbp', ack_policy: 'explicit', filter_subject: subject() });
    const stream = await (await jetstreamManager(nc)).streams.info(names.inStream);
    expect(stream.config.subjects).toEqual([`${names.inSubjects}.>`]);
  });

  it('events published while the subgraph is down are all stored once it runs; not-JSON is recorded as rejected and acked', async () => {
    await worker?.stop();
    worker = undefined;
    const org = await newOrg();
    for (const measure_id of ['HEDIS_AMM', 'HEDIS_CBP', 'HEDIS_BCS']) await publish(clEvent(org.orgId, { measure_id }));
    await publish('this is not JSON');
    expect((await consumerInfo()).num_pending).toBe(4);
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/^pm_event_consumer_pending\{state="pending"\} 4$/m);

    worker = await startWorkers(app.db, silent, bus);
    await eventually(async () => (await stored(app.db, org.orgId)) === 3, 'three stored results');
    await eventually(async () => (await inbox(app.db, 'REJECTED')).length === 1, 'the rejection recorded');
    await eventually(async () => { const info = await consumerInfo(); return info.num_pending === 0 && info.num_ack_pending === 0; }, 'every message acked');
    expect((await inbox(app.db, 'REJECTED'))[0].organization_id).toBeNull();
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/^pm_event_consumer_pending\{state="pending"\} 0$/m);
  });

  it('a message whose handling could not commit (database down) is delivered again and stored once', async () => {
    const org = await newOrg();
    const event = clEvent(org.orgId, { measure_id: 'HEDIS_COL' });
    const redeliveredBefore = (await consumerInfo()).num_redelivered;
    if (dbProxy) {
      await dbProxy.cut();
      await publish(event);
      await eventually(async () => (await consumerInfo()).num_redelivered > redeliveredBefore, 'a redelivery after the failure');
      await dbProxy.restore();
      await eventually(async () => (await stored(app.db, org.orgId)) === 1, 'the result stored after the database returned');
    } else {
      // The embedded database is the process's: an instance whose database closed fails; the next one handles the event.
      await worker?.stop();
      worker = undefined;
      const dir = mkdtempSync(join(tmpdir(), 'pm-nats-'));
      try {
        const first = await openDatabase({ pgliteDir: dir });
        await migrate(first);
        const failing = await startWorkers(first, silent, bus);
        await first.close();
        await publish(event);
        await eventually(async () => (await consumerInfo()).num_redelivered > redeliveredBefore, 'a redelivery after the failure');
        await failing.stop();
        const reopened = await openDatabase({ pgliteDir: dir });
        const next = await startWorkers(reopened, silent, bus);
        try {
          await eventually(async () => (await stored(reopened, org.orgId)) === 1, 'the result stored by the next instance');
        } finally {
          await next.stop();
          await reopened.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      worker = await startWorkers(app.db, silent, bus);
    }
    await eventually(async () => (await consumerInfo()).num_ack_pending === 0, 'the message acked');
  });
});
