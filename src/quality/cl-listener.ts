import { tenantDb } from '../platform/db/tenant';
import type { Worker, WorkerDeps } from '../platform/module';
import { ingestClQualityEvent } from './ingest.service';

export const CL_EVENTS_CHANNEL = 'cl_events';

export type ClListener = Worker;

/**
 * Hears `cl_events` and hands every notification to the same handler as
 * ingestQualityMeasurePeriod, one at a time. A NOTIFY sent while no instance
 * listens is lost by PostgreSQL's design: CL redelivers or uses the mutation.
 */
export async function startClListener({ db, log }: WorkerDeps): Promise<ClListener> {
  let queue = Promise.resolve();
  const handle = (payload: string) => {
    queue = queue.then(async () => {
      try {
        const result = await ingestClQualityEvent(payload, { channel: 'cl_events', tenantOf: (orgId) => tenantDb(db.prisma, orgId) });
        // Outcome and reason only: the payload's values stay out of the log.
        log.info({ channel: CL_EVENTS_CHANNEL, outcome: result.outcome, reason: result.outcome === 'REJECTED' ? result.error : undefined }, 'CL event');
      } catch (error) {
        log.error({ err: error, channel: CL_EVENTS_CHANNEL }, 'CL event could not be handled');
      }
    });
  };
  const listening = await db.listen(CL_EVENTS_CHANNEL, handle, log);
  return {
    async stop() {
      await listening.stop();
      await queue;
    },
  };
}
