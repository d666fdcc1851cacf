import type { Pool, PoolClient } from 'pg';
import type { Prisma as PrismaNamespace } from '../../generated/prisma/client';
import { sqlSpan } from '../telemetry/spans';
import { preparedStatementName } from './prepared';

/**
 * Raw SQL statements inside one transaction: all that the hot reads use, so
 * they run alike on Prisma's transaction client (which has both) and on a
 * pooled node-postgres connection (`poolTransaction`).
 */
export interface SqlStatements {
  /** Rows as the driver gives them: meant for statements that return text or JSON text. */
  $queryRaw<T = unknown>(query: PrismaNamespace.Sql): Promise<T>;
  $executeRaw(query: PrismaNamespace.Sql): Promise<number>;
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when
 * it throws, its connection closed when it outlives `timeoutMs` (as Prisma ends
 * an interactive transaction past its timeout: a server that stopped answering
 * cannot hang the caller; its statements then fail as a lost connection).
 * `settings` (name → value) are set for the transaction only
 * (`set_config(name, value, true)`) before `work` runs.
 */
export type RawTransaction = <T>(work: (sql: SqlStatements) => Promise<T>, timeoutMs: number, settings?: Readonly<Record<string, string>>) => Promise<T>;

/** Hears every statement sent but BEGIN, as Prisma's query events do (tests and benchmarks count them). */
export type StatementListener = (sql: string) => void;

/**
 * Transactions of raw statements straight on the pool that Prisma's driver
 * adapter uses, for the hot reads on PostgreSQL. Prisma's interactive
 * transaction costs the Node process about 1 ms of CPU per transaction and
 * more per statement than the statement itself (measured on the dashboard's
 * read: ~4.9 ms through Prisma, ~2.7 ms here); the SQL sent is the same.
 * Statements marked `prepared` are prepared under the same names as Prisma's.
 * Errors are node-postgres's own; db/tenant.ts maps them like Prisma's.
 */
export function poolTransaction(pool: Pool, listeners: StatementListener[]): RawTransaction {
  return (work, timeoutMs, settings) => withPooledClient(pool, async (client, drop) => {
    const statements = sqlStatementsOn(client, listeners);
    const deadline = setTimeout(() => { client.end().catch(() => undefined); }, timeoutMs);
    try {
      if (settings) await send(client, listeners, beginWith(client, settings));
      else await sqlSpan('BEGIN', () => client.query('BEGIN'));
      const result = await work(statements);
      await send(client, listeners, 'COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped, not given to the next caller.
      await send(client, listeners, 'ROLLBACK').catch(drop);
      throw error;
    } finally {
      clearTimeout(deadline);
    }
  });
}

/**
 * Lends `use` a pooled connection, handed back after. While it is lent,
 * node-postgres's pool does not listen for its errors, and one it emits
 * between two statements (its server restarting, or ending it) would crash
 * the process: this listens. A connection that failed, or that `use` drops,
 * is closed instead of handed to the next caller.
 */
export async function withPooledClient<T>(pool: Pool, use: (client: PoolClient, drop: (reason: Error) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let dropped: Error | undefined;
  const drop = (reason: Error) => { dropped ??= reason; };
  client.on('error', drop);
  try {
    return await use(client, drop);
  } finally {
    client.off('error', drop);
    client.release(dropped);
  }
}

/**
 * BEGIN and the settings in one round trip instead of two: one simple-protocol query of
 * two statements, so the values travel as literals, quoted by the driver (escapeLiteral).
 */
function beginWith(client: PoolClient, settings: Readonly<Record<string, string>>): string {
  const calls = Object.entries(settings).map(([name, value]) => `set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`);
  return `BEGIN; SELECT ${calls.join(', ')}`;
}

function send(client: PoolClient, listeners: StatementListener[], text: string, values?: unknown[]) {
  for (const listener of listeners) listener(text);
  return sqlSpan(text, () => client.query({ text, values, name: preparedStatementName({ sql: text }) }));
}

function sqlStatementsOn(client: PoolClient, listeners: StatementListener[]): SqlStatements {
  return {
    $queryRaw: async <T>(query: PrismaNamespace.Sql) => (await send(client, listeners, query.text, query.values)).rows as T,
    $executeRaw: async (query) => (await send(client, listeners, query.text, query.values)).rowCount ?? 0,
  };
}
