import { mkdirSync } from 'node:fs';
import { type Extension, PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client';
import { poolTransaction, type RawTransaction, type StatementListener, withPooledClient } from './pool-transaction';
import { preparedStatementName } from './prepared';
import { ensurePgliteCluster } from './pglite-cluster';
import { type Listening, listenOnPostgres, type Notified } from './listen';
import type { Logger } from '../log';
import { tracedAdapterFactory } from '../telemetry/driver-adapter';

// A subpath export that TypeScript's CommonJS resolution cannot see; Node resolves it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pgcrypto } = require('@electric-sql/pglite/contrib/pgcrypto') as { pgcrypto: Extension };

export type Prisma = PrismaClient<'query'>;

/** A plain SQL session outside Prisma, for migrations and infrastructure. */
export interface SqlSession {
  /** Runs a script of several statements, no parameters. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: Prisma;
  /** Lends one connection for the duration of `fn` (PGlite has only one). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Resolves while the database answers, rejects after `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * On PostgreSQL, transactions of raw statements on the pool, past Prisma (the hot
   * reads: db/pool-transaction.ts); PGlite has none, its reads go through Prisma.
   */
  rawTransaction?: RawTransaction;
  /** With `logQueries`: hears the statements of `rawTransaction`, as `prisma.$on('query')` hears Prisma's. */
  onStatement(listener: StatementListener): void;
  /** The embedded instance, when there is one (LISTEN/NOTIFY live inside it). */
  pglite?: PGlite;
  pool?: Pool;
  /** Hears NOTIFYs on `channel` until stopped: inside the process on PGlite, on a connection of its own on PostgreSQL. */
  listen(channel: string, notified: Notified, log: Logger): Promise<Listening>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** A directory, or `memory://` for a throw-away embedded database. */
  pgliteDir: string;
  /** Emits every SQL statement as a Prisma `query` event (tests and benchmarks count them). */
  logQueries?: boolean;
  poolSize?: number;
  /** A PGlite data directory image (`dumpDataDir`) to start from instead of an empty cluster. */
  pgliteImage?: Blob;
}

const prismaOptions = (logQueries: boolean) =>
  (logQueries ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database did not answer in time')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  // A server that does not answer must fail a request in seconds, not hang it.
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, keepAlive: true });
  // An idle client losing its server (a restart) must not crash the process.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: tracedAdapterFactory(new PrismaPg(pool, {
    // Typed as always naming; node-postgres runs an unnamed statement when it does not.
    statementNameGenerator: preparedStatementName as (query: { sql: string }) => string,
  })), ...prismaOptions(!!options.logQueries) }) as Prisma;
  const listeners: StatementListener[] = [];
  return {
    kind: 'postgres',
    prisma,
    pool,
    rawTransaction: poolTransaction(pool, listeners),
    onStatement: (listener) => { if (options.logQueries) listeners.push(listener); },
    withSession: (fn) => withPooledClient(pool, (client) => fn({
      exec: async (sql) => { await client.query(sql); },
      query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    })),
    ping: (timeoutMs = 2000) => withTimeout(pool.query('SELECT 1').then(() => undefined), timeoutMs),
    listen: (channel, notified, log) => listenOnPostgres(url, channel, notified, log),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * The embedded server's memory is the Node process's (WebAssembly memory only grows): its buffer cache is
 * kept to 16 MB (PostgreSQL's default is 128 MB), which holds this service's working set on one machine.
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB'];

async function openPglite(dir: string, options: DatabaseOptions): Promise<Database> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  if (!options.pgliteImage) await ensurePgliteCluster(dir);
  const pglite = new PGlite(dir, {
    extensions: { pgcrypto },
    loadDataDir: options.pgliteImage,
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])],
  });
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: tracedAdapterFactory(new PrismaPGlite(pglite)), ...prismaOptions(!!options.logQueries) }) as Prisma;
  const session: SqlSession = {
    exec: async (sql) => { await pglite.exec(sql); },
    query: async (sql, params) => (await pglite.query(sql, params)).rows as never[],
  };
  return {
    kind: 'pglite',
    prisma,
    pglite,
    onStatement: () => undefined,
    withSession: (fn) => fn(session),
    ping: (timeoutMs = 2000) => withTimeout(pglite.query('SELECT 1').then(() => undefined), timeoutMs),
    listen: async (channel, notified) => {
      const unlisten = await pglite.listen(channel, notified);
      return { stop: () => unlisten() };
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** PostgreSQL when a URL is given, else the embedded PGlite. */
export function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.pgliteDir, options);
}
