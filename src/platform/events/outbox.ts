import { randomUUID } from 'node:crypto';
import type { Prisma } from '../db/client';
import { relayTransaction, type Tx } from '../db/tenant';

export interface OutgoingEvent {
  channel: string;
  eventType: string;
  /** The whole message as published; built by the caller, never holding PHI. */
  message: Record<string, unknown> & { id: string };
}

/** The dedupe key consumers see as `id`. */
export const newEventId = (): string => randomUUID();

/**
 * Records an event in the caller's transaction: it is published only if that
 * transaction commits, and is not lost if the process dies before publishing.
 * The service role may only insert (no RETURNING, which would need SELECT).
 */
export async function enqueue(tx: Tx, orgId: string, event: OutgoingEvent): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO pm_outbox (id, organization_id, channel, event_type, message)
    VALUES (${event.message.id}::uuid, ${orgId}::uuid, ${event.channel}, ${event.eventType}, ${JSON.stringify(event.message)}::jsonb)`;
}

/** Unpublished events and the age in seconds of the oldest (0 when none), read as the relay's role. */
export async function readOutboxBacklog(prisma: Prisma): Promise<{ backlog: number; age: number }> {
  const [row] = await relayTransaction(prisma, (tx) => tx.$queryRaw<{ backlog: number; age: number }[]>`
      SELECT count(*)::int AS backlog,
             COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8 AS age
      FROM pm_outbox WHERE sent_at IS NULL`);
  return row;
}
