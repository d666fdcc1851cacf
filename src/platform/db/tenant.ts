import { conflict, isDatabaseUnavailable, isRetryableDbError, serviceUnavailable } from '../errors';
import type { Prisma as PrismaNamespace } from '../../generated/prisma/client';
import type { Prisma } from './client';
import { prepared } from './prepared';

export type Tx = PrismaNamespace.TransactionClient;

/** The role every tenant transaction switches to: not the owner, no BYPASSRLS (see the first migration). */
export const SERVICE_ROLE = 'pm_vbp_app';

/**
 * The database as one organization sees it. Every call is one transaction that
 * first switches to the service role and sets `app.org_id`, both local to the
 * transaction, so row-level security decides what exists; a query that forgets
 * its organization filter still sees only this organization's rows.
 */
export interface TenantDb {
  readonly orgId: string;
  /** `timeoutMs`: how long the transaction may run (default 15 s); only bulk work should need more. */
  run<T>(work: (tx: Tx) => Promise<T>, options?: { retries?: number; timeoutMs?: number }): Promise<T>;
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/**
 * Role, organization and statement timeout, all local to the transaction, in
 * one round trip. The statement timeout equals the transaction's: Prisma gives
 * up on a transaction after `timeoutMs`, and the server then stops working on
 * it too instead of running a statement nobody waits for.
 */
export async function enterTenant(tx: Tx, orgId: string, timeoutMs = TX_OPTIONS.timeout): Promise<void> {
  await tx.$executeRaw(prepared`SELECT set_config('role', ${SERVICE_ROLE}, true), set_config('app.org_id', ${orgId}, true),
    set_config('statement_timeout', ${`${timeoutMs}ms`}, true)`);
}

export function tenantDb(prisma: Prisma, orgId: string): TenantDb {
  return {
    orgId,
    async run(work, { retries = 2, timeoutMs = TX_OPTIONS.timeout } = {}) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await prisma.$transaction(async (tx) => {
            await enterTenant(tx, orgId, timeoutMs);
            return work(tx);
          }, { ...TX_OPTIONS, timeout: timeoutMs });
        } catch (error) {
          // Down, restarting or too slow: say so at once, retriable, rather than hang or mask it.
          if (isDatabaseUnavailable(error)) throw serviceUnavailable();
          if (!isRetryableDbError(error)) throw error;
          if (attempt >= retries) throw conflict('A concurrent change could not be serialized; try again');
        }
      }
    },
  };
}
