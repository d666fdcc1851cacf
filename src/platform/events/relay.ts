import type { Prisma } from '../db/client';
import { relayTransaction } from '../db/tenant';
import type { Logger } from '../log';

const BATCH = 100;

/** Unpublished events and the age in seconds of the oldest (0 when none), read as the relay's role. */
export async function readOutboxBacklog(prisma: Prisma): Promise<{ backlog: number; age: number }> {
  const [row] = await relayTransaction(prisma, (tx) => tx.$queryRaw<{ backlog: number; age: number }[]>`
      SELECT count(*)::int AS backlog,
             COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8 AS age
      FROM pm_outbox WHERE sent_at IS NULL`);
  return row;
}

export interface OutboxRelay {
  /** Publishes everything unsent now (after a commit that enqueued events); never throws. */
  kick(): void;
  /** One pass until the outbox is empty; resolves with how many were published. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Publishes outbox rows with pg_notify and marks them sent in the same
 * transaction: NOTIFY is delivered only on commit, so a row is marked sent
 * exactly when its notification went out. Rows are claimed FOR UPDATE SKIP
 * LOCKED, so several relays (instances) never publish one row twice at once.
 * Delivery is at least once overall: consumers deduplicate by `id`.
 */
export function createOutboxRelay(prisma: Prisma, log: Logger, { intervalMs = 5000 } = {}): OutboxRelay {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  const publishBatch = () => relayTransaction(prisma, async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; channel: string; message: string }[]>`
      SELECT id::text, channel, message::text AS message FROM pm_outbox
      WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
    for (const row of rows) await tx.$executeRaw`SELECT pg_notify(${row.channel}, ${row.message})`;
    if (rows.length > 0) {
      await tx.$executeRaw`UPDATE pm_outbox SET sent_at = clock_timestamp(), attempts = attempts + 1
        WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])`;
    }
    return rows.length;
  });

  async function drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await publishBatch();
      total += published;
      if (published < BATCH) return total;
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
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
  return relay;
}
