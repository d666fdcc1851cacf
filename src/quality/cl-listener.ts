import { Client } from 'pg';
import type { Database } from '../platform/db/client';
import { tenantDb } from '../platform/db/tenant';
import type { Logger } from '../platform/log';
import { ingestClQualityEvent } from './ingest.service';

export const CL_EVENTS_CHANNEL = 'cl_events';

export interface ClListener { stop(): Promise<void> }

/**
 * LISTENs on cl_events and hands every notification to the same handler as
 * ingestQualityMeasurePeriod. On PostgreSQL it holds a connection of its own
 * and reconnects with exponential backoff (a NOTIFY sent while it is away is
 * lost by PostgreSQL's design: CL redelivers or uses the mutation); on PGlite
 * the channel lives inside the process. Events are handled one at a time.
 */
export async function startClListener(db: Database, log: Logger, databaseUrl?: string): Promise<ClListener> {
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

  if (db.pglite) {
    const unsubscribe = await db.pglite.listen(CL_EVENTS_CHANNEL, handle);
    return { stop: async () => { await unsubscribe(); await queue; } };
  }

  let client: Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (attempt: number): Promise<void> => {
    if (stopped) return;
    const next = new Client({ connectionString: databaseUrl });
    next.on('notification', (n) => { if (n.channel === CL_EVENTS_CHANNEL) handle(n.payload ?? ''); });
    const reconnect = (error?: Error) => {
      if (stopped || client !== next) return;
      client = undefined;
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      log.warn({ err: error, delayMs: delay }, 'cl_events listener lost its connection; reconnecting');
      retry = setTimeout(() => void connect(attempt + 1), delay);
      retry.unref();
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CL_EVENTS_CHANNEL}`);
      attempt = 0;
      log.info({ channel: CL_EVENTS_CHANNEL }, 'listening');
    } catch (error) {
      reconnect(error as Error);
    }
  };
  await connect(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      await queue;
    },
  };
}
