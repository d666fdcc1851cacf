import { connect } from '@nats-io/transport-node';
import {
  AckPolicy, DeliverPolicy, jetstream, JetStreamApiCodes, JetStreamApiError, jetstreamManager, type ConsumerMessages, type JetStreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { decodeUtf8KeepingInvalidBytes } from '../../domain/text';
import type { Logger } from '../log';
import { traceContextHeaders } from '../telemetry/spans';
import type { Consuming, EventBus, EventBusStats } from './bus';

/** Streams, subjects and the durable consumer: the contract's by default (tests give their own). */
export interface NatsNames {
  /** Outgoing events go to `<outSubjects>.<event type>` on this stream. */
  outStream: string;
  outSubjects: string;
  /** Incoming events arrive on `<inSubjects>.<type>`, read through the durable consumer. */
  inStream: string;
  inSubjects: string;
  durable: string;
}

export const CONTRACT_NATS_NAMES: NatsNames = {
  outStream: 'PM_EVENTS', outSubjects: 'pm.events', inStream: 'CL_EVENTS', inSubjects: 'cl.events', durable: 'pm-vbp',
};

/** The inbound PostgreSQL channel to the subject's last token. */
const INBOUND: Readonly<Record<string, string>> = { cl_events: 'quality_measure_period_calculated' };

/** JetStream drops a second publish of one `Nats-Msg-Id` within this window (the contract: at least 2 minutes). */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/** Both streams keep messages this long (limits retention): a consumer may be down for up to a week. */
const MAX_AGE_MS = 7 * 24 * 3_600_000;
/** An unacknowledged message is delivered again after this; a failed handling asks for it sooner (NAK_DELAY_MS). */
const ACK_WAIT_MS = 30_000;
const NAK_DELAY_MS = 1_000;

export interface NatsBusOptions {
  url: string;
  log: Logger;
  names?: Partial<NatsNames>;
  /** How long a publish waits for JetStream's ack (the relay's transaction waits with it). */
  publishTimeoutMs?: number;
}

// nats-core's `headers`, re-exported through a subpath TypeScript's CommonJS resolution cannot see; Node resolves it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { headers } = require('@nats-io/transport-node') as { headers: () => { set(name: string, value: string): void } };
type MessageHeaders = NonNullable<Parameters<ReturnType<typeof jetstream>['publish']>[2]>['headers'];

/** The publication's trace context (`traceparent`), for a consumer to continue its trace; none while tracing is off. */
function messageHeaders(): MessageHeaders | undefined {
  const context = Object.entries(traceContextHeaders());
  if (context.length === 0) return undefined;
  const h = headers();
  for (const [name, value] of context) h.set(name, value);
  return h as MessageHeaders;
}

/** The transport's types reach nats-core only through an export map this project's resolution does not read. */
type NatsConnection = Awaited<ReturnType<typeof connect>>;
const nanos = (ms: number) => ms * 1_000_000;
const isApiError = (error: unknown, code: number) => error instanceof JetStreamApiError && error.code === code;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

async function ensureStream(jsm: JetStreamManager, name: string, subjects: string): Promise<void> {
  const wanted = { subjects: [`${subjects}.>`], duplicate_window: nanos(DUPLICATE_WINDOW_MS) };
  try {
    const { config } = await jsm.streams.info(name);
    if (config.duplicate_window < nanos(2 * 60_000) || !config.subjects.includes(wanted.subjects[0])) {
      await jsm.streams.update(name, { ...config, subjects: [...new Set([...config.subjects, ...wanted.subjects])], duplicate_window: wanted.duplicate_window });
    }
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
    await jsm.streams.add({ name, ...wanted, storage: StorageType.File, max_age: nanos(MAX_AGE_MS) });
  }
}

/**
 * NATS JetStream: events survive a consumer being down. Publishing resolves on
 * JetStream's ack, with `Nats-Msg-Id` = the event id (a repeat within the
 * duplicate window is dropped by the stream). Incoming events come through a
 * shared durable pull consumer with explicit acks: acked after the handler
 * committed, nak'ed (redelivered) when it failed. The connection reconnects
 * forever; while NATS is away publishes fail and the outbox keeps the events.
 */
export function natsEventBus(options: NatsBusOptions): EventBus {
  const names = { ...CONTRACT_NATS_NAMES, ...options.names };
  const { log } = options;
  const publishTimeout = options.publishTimeoutMs ?? 2_000;
  let closed = false;
  const connection: Promise<NatsConnection> = connect({
    servers: options.url.split(','), name: 'pm-vbp', maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: true, timeout: 5_000,
  });
  connection.then((nc) => {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') log.warn({ nats: status.type }, 'NATS connection');
      }
    })();
  }, (error) => log.error({ err: error }, 'NATS connection failed'));

  /** The connection once there, or an error after `ms` (the caller retries later). */
  const connected = (ms: number) => Promise.race([
    connection,
    sleep(ms).then(() => { throw new Error('NATS is not reachable'); }),
  ]);

  let outReady: Promise<void> | undefined;
  const ensureOut = async (nc: NatsConnection) => {
    outReady ??= jetstreamManager(nc, { timeout: publishTimeout }).then((jsm) => ensureStream(jsm, names.outStream, names.outSubjects));
    await outReady.catch((error) => { outReady = undefined; throw error; });
  };

  const ensureIn = async (nc: NatsConnection, filter: string) => {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, names.inStream, names.inSubjects);
    try {
      await jsm.consumers.info(names.inStream, names.durable);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      await jsm.consumers.add(names.inStream, {
        durable_name: names.durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: filter,
        ack_wait: nanos(ACK_WAIT_MS), max_deliver: -1,
      });
    }
    return jsm;
  };

  // The outgoing stream is ensured at start (and again before a publish, until that succeeded).
  void connection.then((nc) => ensureOut(nc)).catch((error) => log.warn({ err: error, stream: names.outStream }, 'NATS stream not ensured yet'));

  return {
    kind: 'nats',
    /** Ensures the outgoing stream (first use, and after a failure), then waits for JetStream's ack. */
    async publish(_tx, event) {
      const nc = await connected(publishTimeout);
      await ensureOut(nc);
      await jetstream(nc).publish(`${names.outSubjects}.${event.eventType}`, event.message, {
        msgID: event.id, timeout: publishTimeout, headers: messageHeaders(),
      });
    },

    async consume(channel, handler, consumeLog): Promise<Consuming> {
      const type = INBOUND[channel];
      if (!type) throw new Error(`no NATS subject for the inbound channel ${channel}`);
      const filter = `${names.inSubjects}.${type}`;
      let stopped = false;
      let messages: ConsumerMessages | undefined;
      const loop = (async () => {
        for (let attempt = 0; !stopped; attempt++) {
          try {
            const nc = await connected(5_000);
            await ensureIn(nc, filter);
            const consumer = await jetstream(nc).consumers.get(names.inStream, names.durable);
            messages = await consumer.consume({ max_messages: 8 });
            if (stopped) break; // stop() came while this started: the finally below closes it
            consumeLog.info({ stream: names.inStream, consumer: names.durable, subject: filter }, 'consuming');
            attempt = 0;
            for await (const message of messages) {
              try {
                // Not message.string(): its U+FFFD would let two different payloads read alike; an invalid byte stays bad text, rejected.
                await handler(decodeUtf8KeepingInvalidBytes(message.data));
                message.ack();
              } catch (error) {
                consumeLog.warn({ err: error, subject: filter, deliveries: message.info.deliveryCount }, 'event not handled; redelivered later');
                message.nak(NAK_DELAY_MS);
              }
              if (stopped) break;
            }
          } catch (error) {
            if (!stopped) consumeLog.warn({ err: error, subject: filter }, 'NATS consumer unavailable; retrying');
          } finally {
            // Its idle-heartbeat timer would otherwise keep running (and the process alive). Not awaited:
            // close() resolves only once the iterator is read to its end, which a loop that left never does.
            void messages?.close();
            messages = undefined;
          }
          if (!stopped) await sleep(Math.min(10_000, 500 * 2 ** Math.min(attempt, 5)));
        }
      })();
      return {
        /** Finishes the message in hand (acked or nak'ed), then stops pulling; unhandled ones go to another instance. */
        async stop() {
          stopped = true;
          void messages?.close();
          await loop;
        },
      };
    },

    async stats(): Promise<EventBusStats> {
      try {
        const nc = await connected(1_000);
        const jsm = await jetstreamManager(nc, { timeout: 1_000 });
        const info = await jsm.consumers.info(names.inStream, names.durable);
        return { consumer: { pending: info.num_pending, ackPending: info.num_ack_pending } };
      } catch {
        return { consumer: {} };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      const nc = await connected(1_000).catch(() => undefined);
      if (!nc) return;
      // Flushes what was published, then closes; a server that is away gets no wait.
      await Promise.race([nc.drain(), sleep(2_000)]).catch(() => undefined);
      if (!nc.isClosed()) await nc.close();
    },
  };
}
