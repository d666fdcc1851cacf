import DataLoader from 'dataloader';
import { isUuid } from '../../domain/uuid';
import type { TenantDb, Tx } from './tenant';

/**
 * A per-request loader of one row per id. Ids that are not UUIDs never reach
 * the database (they would be a cast error there) and load as null, like the
 * ids of other organizations, which row-level security hides.
 */
export function rowByIdLoader<T extends { id: string }>(fetch: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const rows = valid.length ? await fetch([...new Set(valid)]) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => (isUuid(id) ? byId.get(id.toLowerCase()) ?? null : null));
  });
}

/** Rows grouped by their parent, each group in the order of `rows`. */
export function groupByParent<T>(rows: readonly T[], parentOf: (row: T) => string): Map<string, T[]> {
  const byParent = new Map<string, T[]>();
  for (const row of rows) {
    const id = parentOf(row);
    const group = byParent.get(id);
    if (group) group.push(row);
    else byParent.set(id, [row]);
  }
  return byParent;
}

/** A per-request loader of the rows belonging to each parent id, as `fetch` groups them; a parent without any has an empty list. */
export function rowsByParentLoader<T>(fetch: (parentIds: string[]) => Promise<ReadonlyMap<string, T[]>>) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const byParent = await fetch([...new Set(parentIds)]);
    return parentIds.map((id) => byParent.get(id) ?? []);
  });
}

interface QueuedRead { work: (tx: Tx) => Promise<unknown>; resolve(value: unknown): void; reject(error: unknown): void }

/**
 * Reads asked for in the same tick share one tenant transaction. DataLoader
 * dispatches each loader's batch on its own `process.nextTick`, so a
 * program's measures and payments batches (`program(id)`, `_entities`; a page
 * of programs reads its own ahead) arrive together: one BEGIN, role and
 * organization settings and COMMIT for both instead of one each (three round
 * trips and a Prisma transaction fewer per request). Only for
 * reads: a write must keep its own transaction. Row-level security is the
 * same, since every query still runs inside `db.run`; a read that misses the
 * tick just gets a transaction of its own.
 */
export function sharedReads(db: Pick<TenantDb, 'run'>) {
  let queued: QueuedRead[] = [];
  const flush = () => {
    const batch = queued;
    queued = [];
    // Each read settles on its own promise. A statement PostgreSQL refuses aborts the shared
    // transaction, though, so reads queued after it in the same tick fail too (these batches are plain SELECTs).
    db.run((tx) => Promise.allSettled(batch.map((read) => read.work(tx)))).then(
      (outcomes) => outcomes.forEach((outcome, i) => (outcome.status === 'fulfilled' ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.reason))),
      (error) => batch.forEach((read) => read.reject(error)),
    );
  };
  return <T>(work: (tx: Tx) => Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
    if (queued.length === 0) process.nextTick(flush);
    queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}
