import { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Client as PgClient } from 'pg';
import { postgresCpuMs } from '../backend-cpu';

/**
 * Preloaded into every server of bench/peers (`node -r …/count-queries.js`):
 * counts the SQL statements each sends, the same way for all three, at the
 * one place they all pass through: pg's Client#query (Prisma's adapter-pg,
 * PostGraphile's @dataplan/pg and the raw server's Pool all call it, and
 * Pool#query calls it once). Transaction control and set_config calls are
 * statements too, counted apart so the report can show them.
 *
 * Answers over the child's IPC channel: `count:reset`, and `count:stats`
 * with the counts, the HTTP requests received, the CPU time the process used
 * since the reset, that of the PostgreSQL backends its connections talk to
 * (each connection's backend pid, as pg's Client learns it; their CPU read
 * from /proc when PostgreSQL runs on this machine, else null; a backend that
 * ended since the reset no longer counts) and the resident set size.
 * BENCH_LOG_SQL=1 writes each statement's start to stderr (to see what one
 * request sends). BENCH_PG_FROM names a file from whose directory the pg
 * to count is resolved: the PostGraphile child's pg is bench/peers' own.
 */
export interface QueryCounts { total: number; transaction: number; settings: number; other: number }

const LOG_SQL = process.env.BENCH_LOG_SQL === '1';
const counts: QueryCounts = { total: 0, transaction: 0, settings: 0, other: 0 };
/** HTTP requests the server received: the load generator does not count those it left in flight at the end. */
let requests = 0;
let cpuSince = process.cpuUsage();
/** The backends this server's connections talk to, and each one's CPU ms at the reset (or when first seen). */
const backends = new Map<number, number>();

function classify(text: string): keyof Omit<QueryCounts, 'total'> {
  if (/^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)\b/i.test(text)) return 'transaction';
  // A leading comment (ours marks prepared statements with one) does not change what the statement is.
  if (/^\s*(\/\*.*?\*\/\s*)?select\s+set_config\(/i.test(text)) return 'settings';
  return 'other';
}

const { Client } = createRequire(process.env.BENCH_PG_FROM ?? __filename)('pg') as { Client: typeof PgClient };
type Query = (...args: unknown[]) => unknown;
const query = Client.prototype.query as unknown as Query;
(Client.prototype as unknown as { query: Query }).query = function countedQuery(this: PgClient, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : first?.text ?? '';
  const pid = (this as PgClient & { processID?: number | null }).processID;
  if (pid && !backends.has(pid)) backends.set(pid, postgresCpuMs(pid) ?? Number.NaN);
  counts.total++;
  counts[classify(text)]++;
  if (LOG_SQL) process.stderr.write(`[sql ${process.pid}] ${text.replace(/\s+/g, ' ').slice(0, 160)}\n`);
  return query.apply(this, args);
};

// Express (ours), grafserv and the raw server all listen with a node:http Server.
type Emit = (event: string | symbol, ...args: unknown[]) => boolean;
const emit = Server.prototype.emit as Emit;
(Server.prototype as unknown as { emit: Emit }).emit = function countedEmit(this: Server, event, ...args) {
  if (event === 'request') requests++;
  return emit.call(this, event, ...args);
};

process.on('message', (message: { type?: string }) => {
  if (message.type === 'count:reset') {
    for (const key of Object.keys(counts) as (keyof QueryCounts)[]) counts[key] = 0;
    requests = 0;
    cpuSince = process.cpuUsage();
    for (const pid of backends.keys()) backends.set(pid, postgresCpuMs(pid) ?? Number.NaN);
    process.send?.({ type: 'count:reset' });
  }
  if (message.type === 'count:stats') {
    const cpu = process.cpuUsage(cpuSince);
    let backendMs = 0;
    let read = 0;
    for (const [pid, since] of backends) {
      const now = postgresCpuMs(pid);
      if (now === undefined) backends.delete(pid); // ended, or not on this machine
      else if (!Number.isNaN(since)) { backendMs += now - since; read++; }
    }
    process.send?.({
      type: 'count:stats', counts: { ...counts }, requests, cpuMs: (cpu.user + cpu.system) / 1000, postgresCpuMs: read ? backendMs : null, rss: process.memoryUsage().rss,
    });
  }
});
