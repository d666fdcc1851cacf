import type { Database } from '../db/client';
import type { Tx } from '../db/tenant';
import type { Logger } from '../log';

/** One outbox row as the relay hands it to the bus. */
export interface OutboxMessage {
  /** The PostgreSQL channel (e.g. `pm_events`). */
  channel: string;
  /** The event's type (e.g. `capitation_payment_received`): the NATS subject's last token. */
  eventType: string;
  /** The event's `id`: consumers and JetStream deduplicate by it. */
  id: string;
  /** The JSON text as published. */
  message: string;
}

/**
 * Handles one incoming event. Resolves once its handling committed (the event
 * may then be acknowledged); rejects when it could not commit (it is then
 * delivered again where the bus can redeliver).
 */
export type IncomingHandler = (payload: string) => Promise<void>;

export interface Consuming { stop(): Promise<void> }

/** Numbers of the bus for /metrics: `consumer` only on a bus with a durable consumer, its counts undefined while it does not answer. */
export interface EventBusStats { consumer?: { pending?: number; ackPending?: number } }

/**
 * The event port: the outbox relay publishes through it, the modules' workers
 * consume through it. Two adapters: PostgreSQL's channels (below) and NATS
 * JetStream (nats.ts); app/ chooses one from the configuration.
 */
export interface EventBus {
  kind: 'postgres' | 'nats';
  /**
   * Publishes one event claimed in `tx`. Resolves once the bus holds it: on
   * PostgreSQL the NOTIFY leaves when `tx` commits; on NATS JetStream has
   * acknowledged it. Rejects when it could not be published.
   */
  publish(tx: Tx, event: OutboxMessage): Promise<void>;
  /** Hands every event arriving on the inbound `channel` (e.g. `cl_events`) to `handler`, one at a time. */
  consume(channel: string, handler: IncomingHandler, log: Logger): Promise<Consuming>;
  stats(): Promise<EventBusStats>;
  close(): Promise<void>;
}

/** NOTIFY in the relay's transaction: it leaves on commit. */
export const notifyPublisher: Pick<EventBus, 'kind' | 'publish'> = {
  kind: 'postgres',
  async publish(tx, event) {
    await tx.$executeRaw`SELECT pg_notify(${event.channel}, ${event.message})`;
  },
};

/**
 * PostgreSQL's LISTEN/NOTIFY (in-process on PGlite): a NOTIFY is delivered on
 * commit to the listeners connected then; one missed is not redelivered, so a
 * failed handling is logged and the event is CL's to send again.
 */
export function postgresEventBus(db: Database): EventBus {
  return {
    ...notifyPublisher,
    async consume(channel, handler, log) {
      let queue = Promise.resolve();
      const listening = await db.listen(channel, (payload) => {
        queue = queue.then(() => handler(payload)).catch((error) => {
          log.error({ err: error, channel }, 'event could not be handled; PostgreSQL channels do not redeliver');
        });
      }, log);
      return {
        async stop() {
          await listening.stop();
          await queue;
        },
      };
    },
    async stats() { return {}; },
    async close() {},
  };
}
