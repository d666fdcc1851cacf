import { tenantDb } from '../platform/db/tenant';
import type { Worker, WorkerDeps } from '../platform/module';
import { ingestClQualityEvent } from './ingest.service';

export const CL_EVENTS_CHANNEL = 'cl_events';

export type ClListener = Worker;

/**
 * Hears `cl_events` on the event bus and hands every event to the same
 * handler as ingestQualityMeasurePeriod, one at a time. The handler resolves
 * after its transaction committed (stored, replaced, duplicate, stale, or
 * rejected and recorded): only then may the bus acknowledge it. A failure to
 * commit (the database away) rejects: NATS redelivers the event; PostgreSQL's
 * channels cannot (CL redelivers or uses the mutation).
 */
export async function startClListener({ db, log, bus }: WorkerDeps): Promise<ClListener> {
  const handle = async (payload: string) => {
    const result = await ingestClQualityEvent(payload, { channel: 'cl_events', tenantOf: (orgId) => tenantDb(db.prisma, orgId) });
    // Outcome and reason only: the payload's values stay out of the log.
    log.info({ channel: CL_EVENTS_CHANNEL, outcome: result.outcome, reason: result.outcome === 'REJECTED' ? result.error : undefined }, 'CL event');
  };
  return bus.consume(CL_EVENTS_CHANNEL, handle, log);
}
