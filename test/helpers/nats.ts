import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsNames } from '../../src/platform/events/nats';

/** The NATS server the event tests use: the one .ci/run starts (README, "Events on NATS JetStream"). */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export type NatsConnection = Awaited<ReturnType<typeof connect>>;

/**
 * A connection to the test server, or a failure that says what to do: these
 * tests are part of `npm test` and do not skip when NATS is missing.
 */
export async function connectTestNats(url = TEST_NATS_URL): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, timeout: 3_000, maxReconnectAttempts: 0 });
  } catch (error) {
    throw new Error(`NATS JetStream is not reachable at ${url} (${(error as Error).message}). The event tests need it: `
      + 'start nats-server with JetStream (-js), e.g. as .ci/run does, or set TEST_NATS_URL.');
  }
}

/** Streams and subjects of their own for one test file (the server is shared); the durable keeps the contract's name. */
export function uniqueNames(): NatsNames {
  const id = randomBytes(4).toString('hex');
  return { outStream: `T_PM_${id}`, outSubjects: `t${id}.pm.events`, inStream: `T_CL_${id}`, inSubjects: `t${id}.cl.events`, durable: 'pm-vbp' };
}

export async function deleteStreams(nc: NatsConnection, names: NatsNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of [names.outStream, names.inStream]) await jsm.streams.delete(stream).catch(() => undefined);
}

export interface Delivered { subject: string; msgId: string | undefined; seq: number; body: any }

/**
 * What a downstream consumer (FA) gets: a durable consumer of its own, made
 * now, reading everything the stream holds (acked as read), up to `expected`
 * messages, then waiting `settleMs` for any that should not be there.
 */
export async function consumeAsFa(nc: NatsConnection, stream: string, durable: string, expected: number, settleMs = 1_000): Promise<Delivered[]> {
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
  const consumer = await jsm.jetstream().consumers.get(stream, durable);
  const got: Delivered[] = [];
  const deadline = Date.now() + 10_000;
  const take = (m: JsMsg) => {
    got.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), seq: m.seq, body: m.json() });
    m.ack();
  };
  while (got.length < expected && Date.now() < deadline) {
    const m = await consumer.next({ expires: 1_000 });
    if (m) take(m);
  }
  for (let m = await consumer.next({ expires: settleMs }); m; m = await consumer.next({ expires: settleMs })) take(m);
  return got;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true (or throws after `ms`). */
export async function eventually(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
