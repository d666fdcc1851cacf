import { conflict, isDatabaseUnavailable, isRetryableDbError, serviceUnavailable } from '../graphql/errors';
import { Prisma as PrismaNamespace } from '../../generated/prisma/client';
import type { Prisma } from './client';
import type { RawTransaction, SqlStatements } from './pool-transaction';
import { prepared } from './prepared';
import { nextTurn } from '../turns';

export type Tx = PrismaNamespace.TransactionClient;

/** The role every tenant transaction switches to: not the owner, no BYPASSRLS (see the first migration). */
export const SERVICE_ROLE = 'pm_vbp_app';
/** The outbox relay's own role: sees every organization's outbox rows, nothing else (first capitation migration). */
const RELAY_ROLE = 'pm_vbp_relay';

/**
 * The database as one organization sees it. Every call is one transaction that
 * first switches to the service role and sets `app.org_id`, both local to the
 * transaction, so row-level security decides what exists; a query that forgets
 * its organization filter still sees only this organization's rows.
 */
export interface TenantDb {
  readonly orgId: string;
  /** `timeoutMs`: how long the transaction may run (default 15 s); only bulk work should need more. */
  run<T>(work: (tx: Tx) => Promise<T>, options?: TenantTxOptions): Promise<T>;
  /**
   * The same for a hot read of raw statements: on PostgreSQL it runs past
   * Prisma, on a pooled connection (db/pool-transaction.ts says why), with the
   * same settings, row-level security and errors.
   */
  read<T>(work: (sql: SqlStatements) => Promise<T>, options?: TenantTxOptions): Promise<T>;
}

export interface TenantTxOptions { retries?: number; timeoutMs?: number }

const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/** What enterTenant sets; a raw transaction sets them in its BEGIN's round trip (db/pool-transaction.ts). */
const tenantSettings = (orgId: string, timeoutMs: number) => ({ role: SERVICE_ROLE, 'app.org_id': orgId, statement_timeout: `${timeoutMs}ms` });

/**
 * Role, organization and statement timeout, all local to the transaction, in
 * one round trip. The statement timeout equals the transaction's: Prisma gives
 * up on a transaction after `timeoutMs`, and the server then stops working on
 * it too instead of running a statement nobody waits for.
 */
export async function enterTenant(tx: SqlStatements, orgId: string, timeoutMs = TX_OPTIONS.timeout): Promise<void> {
  const settings = tenantSettings(orgId, timeoutMs);
  await tx.$executeRaw(prepared`SELECT set_config('role', ${settings.role}, true), set_config('app.org_id', ${settings['app.org_id']}, true),
    set_config('statement_timeout', ${settings.statement_timeout}, true)`);
}


/**
 * Runs one transaction attempt after another: a database that is down,
 * restarting or too slow is said at once, retriable, rather than hung on or
 * masked; a serialization failure or deadlock is tried again `retries` times.
 */
async function withTenantErrors<T>(attempt: () => Promise<T>, retries: number): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      // Each transaction, and what its caller does with the result, in a turn of its own (platform/turns.ts).
      await nextTurn();
      const result = await attempt();
      await nextTurn();
      return result;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw serviceUnavailable();
      if (!isRetryableDbError(error)) throw error;
      if (n >= retries) throw conflict('A concurrent change could not be serialized; try again');
    }
  }
}

/** `rawTransaction`: the database's own (PostgreSQL), for `read`; without it reads go through Prisma. */
export function tenantDb(prisma: Prisma, orgId: string, rawTransaction?: RawTransaction): TenantDb {
  /** `work` as the body of a tenant transaction: the settings first. */
  const asTenant = <S extends SqlStatements, T>(work: (sql: S) => Promise<T>, timeoutMs: number) => async (sql: S) => {
    await enterTenant(sql, orgId, timeoutMs);
    return work(sql);
  };
  const run: TenantDb['run'] = (work, { retries = 2, timeoutMs = TX_OPTIONS.timeout } = {}) => withTenantErrors(
    () => prisma.$transaction(asTenant(work, timeoutMs), { ...TX_OPTIONS, timeout: timeoutMs }),
    retries,
  );
  const read: TenantDb['read'] = rawTransaction
    ? (work, { retries = 2, timeoutMs = TX_OPTIONS.timeout } = {}) => withTenantErrors(
      () => rawTransaction(work, timeoutMs, tenantSettings(orgId, timeoutMs)),
      retries,
    )
    : run;
  return { orgId, run, read };
}

/** A transaction as the outbox relay's role: every organization's outbox rows, and nothing else. */
export function relayTransaction<T>(prisma: Prisma, work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('role', ${RELAY_ROLE}, true)`;
    return work(tx);
  });
}

export interface SharedTxOptions {
  /** How long the whole transaction may run. */
  timeoutMs: number;
  /** A transaction-level advisory lock taken first: callers with the same key run one after the other (several instances starting at once). */
  lock?: string;
}

/**
 * One transaction for everything `work` does through the tenant db it is
 * given: each of its `run`s and `read`s joins that transaction, so all of it
 * commits when `work` resolves, or none of it. Each joins as a savepoint, so
 * one that fails and is caught undoes only its own part, as its own
 * transaction would have. They take turns (the transaction has one
 * connection), so a part must not start another: it would wait for itself.
 */
export async function inOneTransaction<T>(prisma: Prisma, orgId: string, work: (db: TenantDb) => Promise<T>, options: SharedTxOptions): Promise<T> {
  return withTenantErrors(() => prisma.$transaction(async (tx) => {
    if (options.lock) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${options.lock}))`;
    await enterTenant(tx, orgId, options.timeoutMs);
    let savepoints = 0;
    let turn = Promise.resolve();
    const joined = <R>(part: (sql: Tx) => Promise<R>): Promise<R> => {
      const done = turn.then(async () => {
        const name = PrismaNamespace.raw(`pm_part_${++savepoints}`);
        await tx.$executeRaw`SAVEPOINT ${name}`;
        try {
          const result = await part(tx);
          await tx.$executeRaw`RELEASE SAVEPOINT ${name}`;
          return result;
        } catch (error) {
          await tx.$executeRaw`ROLLBACK TO SAVEPOINT ${name}`;
          throw error;
        }
      });
      turn = done.then(() => undefined, () => undefined);
      return done;
    };
    return work({ orgId, run: joined, read: joined });
    // Waiting to start is bounded by the same time: on PGlite another caller's transaction holds the only connection.
  }, { maxWait: options.timeoutMs, timeout: options.timeoutMs }), 0);
}
