import type { Prisma } from '../db/client';
import { relayTransaction } from '../db/tenant';
import { recordEventPublishFailure } from '../http/metrics';
import type { Logger } from '../log';
import { publishSpan } from '../telemetry/spans';
import { type EventBus, notifyPublisher, type OutboxMessage } from './bus';

const BATCH = 100;

export interface OutboxRelay {
  /** Publishes everything unsent now (after a commit that enqueued events); never throws. */
  kick(): void;
  /** One pass until the outbox is empty; resolves with how many were published. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Publishes outbox rows through the event bus and marks them sent in the
 * claiming transaction. Rows are claimed FOR UPDATE SKIP LOCKED, in order of
 * creation, so several relays (instances) never publish one row at once.
 * PostgreSQL: NOTIFY leaves only on commit, so a row is marked sent exactly
 * when its notification went out. NATS: a row is marked sent after
 * JetStream's ack; a batch stops at the first failure (later events wait, so
 * they go out in order once NATS is back), and a publish repeated after a
 * lost commit is dropped by the stream's duplicate window.
 * Delivery is at least once overall: consumers deduplicate by `id`.
 */
export function createOutboxRelay(
  prisma: Prisma, log: Logger, { intervalMs = 5000, bus = notifyPublisher }: { intervalMs?: number; bus?: Pick<EventBus, 'kind' | 'publish'> } = {},
): OutboxRelay {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  const publishBatch = () => relayTransaction(prisma, async (tx) => {
    const rows = await tx.$queryRaw<OutboxMessage[]>`
      SELECT id::text, channel, event_type AS "eventType", message::text AS message FROM pm_outbox
      WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
    const sent: string[] = [];
    let failure: unknown;
    for (const row of rows) {
      try {
        await publishSpan(bus.kind === 'nats' ? 'nats' : 'postgresql', row, () => bus.publish(tx, row));
        sent.push(row.id);
      } catch (error) {
        // The rest wait behind this one: events go out in the order they were created.
        failure = error;
        recordEventPublishFailure(bus.kind);
        break;
      }
    }
    if (sent.length > 0) {
      await tx.$executeRaw`UPDATE pm_outbox SET sent_at = clock_timestamp(), attempts = attempts + 1
        WHERE id = ANY(${sent}::uuid[])`;
    }
    return { claimed: rows.length, sent: sent.length, failure };
  });

  async function drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await publishBatch();
      total += batch.sent;
      if (batch.failure) {
        log.warn({ err: batch.failure, bus: bus.kind, waiting: batch.claimed - batch.sent }, 'event bus refused a publish; the events wait in the outbox');
        return total;
      }
      if (batch.claimed < BATCH) return total;
    }
  }

  const relay: OutboxRelay = {
    drain() {
      if (running) {
        again = true;
        return running;
      }
      running = drainOnce()
        .catch((error) => {
          log.warn({ err: error }, 'outbox relay pass failed; unsent events stay for the next pass');
          return 0;
        })
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            void relay.drain();
          }
        });
      return running;
    },
    kick() {
      void relay.drain();
    },
    start() {
      void relay.drain();
      timer = setInterval(() => void relay.drain(), intervalMs);
      timer.unref();
    },
    /** Stops the timer; a started relay then publishes what is left (one last pass), a kicked one finishes its pass. */
    async stop() {
      const started = timer !== undefined;
      clearInterval(timer);
      timer = undefined;
      await running;
      if (started) await relay.drain();
    },
  };
  return relay;
}
