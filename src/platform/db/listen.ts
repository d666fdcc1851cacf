import { Client } from 'pg';
import type { Logger } from '../log';

export interface Listening { stop(): Promise<void> }
export type Notified = (payload: string) => void;

/**
 * LISTEN on one channel of a PostgreSQL server, on a connection of its own
 * (a pooled one would be lent away), reconnecting with exponential backoff.
 * A NOTIFY sent while it is away is lost by PostgreSQL's design.
 */
export async function listenOnPostgres(url: string, channel: string, notified: Notified, log: Logger): Promise<Listening> {
  let client: Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (attempt: number): Promise<void> => {
    if (stopped) return;
    const next = new Client({ connectionString: url });
    next.on('notification', (n) => { if (n.channel === channel) notified(n.payload ?? ''); });
    const reconnect = (error?: Error) => {
      if (stopped || client !== next) return;
      client = undefined;
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      log.warn({ err: error, channel, delayMs: delay }, 'listener lost its connection; reconnecting');
      retry = setTimeout(() => void connect(attempt + 1), delay);
      retry.unref();
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    client = next;
    try {
      await next.connect();
      // The channel is ours (a constant), never input: LISTEN takes no parameter.
      await next.query(`LISTEN ${channel}`);
      attempt = 0;
      log.info({ channel }, 'listening');
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
    },
  };
}
