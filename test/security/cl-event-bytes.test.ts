import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { startWorkers } from '../../src/app/workers';
import type { EventBus } from '../../src/platform/events/bus';
import { natsEventBus, type NatsNames } from '../../src/platform/events/nats';
import { createLogger } from '../../src/platform/log';
import type { Worker } from '../../src/platform/module';
import { clEvent } from '../helpers/cl-events';
import { connectTestNats, deleteStreams, eventually, type NatsConnection, TEST_NATS_URL, uniqueNames } from '../helpers/nats';
import { withBytes } from '../helpers/raw-http';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

// Contract (Hostile input, version 2): event fields are text on every path. A message on the bus is bytes:
// one that is not UTF-8 is rejected with its reason, recorded in the inbox, never read with U+FFFD in place.

const silent = createLogger('silent');
let nc: NatsConnection;
let names: NatsNames;
let bus: EventBus;
let app: TestApp;
let worker: Worker;

beforeAll(async () => {
  nc = await connectTestNats();
  names = uniqueNames();
  bus = natsEventBus({ url: TEST_NATS_URL, log: silent, names });
  app = await startTestApp({ bus });
  worker = await startWorkers(app.db, silent, bus);
  // The consumer ensures the stream as it starts: publishing before that finds no responders.
  const jsm = await jetstreamManager(nc);
  await eventually(async () => !!(await jsm.consumers.info(names.inStream, names.durable).catch(() => undefined)), 'the consumer');
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await bus?.close();
  if (nc) {
    await deleteStreams(nc, names);
    await nc.close();
  }
});

const sql = <T>(text: string, params: unknown[] = []) => app.db.withSession((s) => s.query<T>(text, params));
const rejections = () => sql<{ reason: string }>("SELECT reason FROM pm_inbox WHERE channel = 'cl_events' AND outcome = 'REJECTED' ORDER BY received_at");
const storedFor = async (orgId: string) =>
  (await sql<{ n: number }>('SELECT count(*)::int AS n FROM pm_quality_measure_results WHERE organization_id = $1::uuid', [orgId]))[0].n;

describe('a CL event on NATS holding bytes that are not UTF-8', () => {
  it('is rejected with its reason and recorded, and nothing is stored; the same event in UTF-8 is stored', async () => {
    const org = await newOrg();
    const json = JSON.stringify(clEvent(org.orgId, { metadata: { source_system: 'EP#IC' } }));
    await jetstream(nc).publish(`${names.inSubjects}.quality_measure_period_calculated`, withBytes(json, '#', [0xc9]));
    await eventually(async () => (await rejections()).length === 1, 'the rejection recorded');
    expect(await rejections()).toEqual([{ reason: "Metadata validation failed: 'source_system' must not contain an unpaired surrogate" }]);
    expect(await storedFor(org.orgId)).toBe(0);

    await jetstream(nc).publish(`${names.inSubjects}.quality_measure_period_calculated`, Buffer.from(json.replace('#', '\u00c9'), 'utf8'));
    await eventually(async () => (await storedFor(org.orgId)) === 1, 'the UTF-8 event stored');
    const [row] = await sql<{ source_system: string }>('SELECT source_system FROM pm_quality_measure_results WHERE organization_id = $1::uuid', [org.orgId]);
    expect(row.source_system).toBe('EP\u00c9IC');
  });
});
