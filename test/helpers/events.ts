import { Client } from 'pg';
import type { TestDatabase } from './db';

export interface Listener {
  messages: string[];
  /** Resolves once `count` messages arrived (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** LISTENs on a channel of the test database: a separate connection on PostgreSQL, the instance itself on PGlite. */
export async function listen(db: TestDatabase, channel: string): Promise<Listener> {
  const messages: string[] = [];
  let close: () => Promise<void>;
  if (db.pglite) {
    const unsubscribe = await db.pglite.listen(channel, (payload) => messages.push(payload));
    close = unsubscribe;
  } else {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    client.on('notification', (n) => { if (n.channel === channel) messages.push(n.payload ?? ''); });
    await client.query(`LISTEN ${channel}`);
    close = () => client.end();
  }
  return {
    messages,
    async waitFor(count, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages on ${channel}, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
    close: () => close(),
  };
}
