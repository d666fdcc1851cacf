import type { Context } from '../../platform/graphql/context';
import DataLoader from 'dataloader';
import type { TenantDb } from '../../platform/db/tenant';
import { groupByParent, rowByIdLoader, rowsByParentLoader, sharedReads } from '../../platform/db/loader';
import { connectionOf, encodeCursor, type Page } from '../../platform/graphql/pagination';
import type { PhiKeys } from '../../platform/phi';
import type { RosterEventRow } from './rows';
import { type RosterCursor } from '../roster.service';
import { type CountKey, countEnrolled, countKey, rosterCounts, rosterPages } from './roster-store';

/** `afterGiven`: the caller sent an `after` (PageInfo.hasPreviousPage), even one that names no row. */
export interface RosterPageKey { contractId: string; first: number; after: RosterCursor | null; afterGiven: boolean }

const rosterCursorOf = (e: RosterEventRow) => encodeCursor([e.effectiveDate, new Date(e.createdAt).toISOString(), e.id]);

/**
 * One loader per relation, per request, from the caller's tenant db; batches
 * dispatched together share one transaction (platform/db/loader.ts sharedReads).
 * `revealMemberIds` is true only for callers with pm.capitation.manage: the
 * others never receive a decrypted member id, not even inside the server.
 */
export function createCapitationLoaders(db: TenantDb, phi: PhiKeys, revealMemberIds: boolean) {
  const read = sharedReads(db);
  return {
    contractById: rowByIdLoader((ids) => read((tx) => tx.capitationContract.findMany({ where: { id: { in: ids } } }))),
    periodById: rowByIdLoader((ids) => read((tx) => tx.capitationPeriod.findMany({ where: { id: { in: ids } } }))),
    /** Contract: ordered by periodStartDate. */
    periodsByContractId: rowsByParentLoader((ids) => read((tx) => tx.capitationPeriod.findMany({
      where: { contractId: { in: ids } }, orderBy: { periodStartDate: 'asc' },
    })).then((rows) => groupByParent(rows, (p) => p.contractId))),
    /** Contract: ordered by reconciledAt, then id. */
    reconciliationsByPeriodId: rowsByParentLoader((ids) => read((tx) => tx.capitationReconciliation.findMany({
      where: { periodId: { in: ids } }, orderBy: [{ reconciledAt: 'asc' }, { id: 'asc' }],
    })).then((rows) => groupByParent(rows, (r) => r.periodId))),
    /** Members enrolled per (contract, date): one SQL statement for the whole batch. */
    enrolledCount: new DataLoader<CountKey, number, string>((keys) => read((tx) => countEnrolled(tx, keys)), { cacheKeyFn: countKey }),
    /** A page of each contract's roster; keys asking the same page shape share one query. */
    rosterPage: new DataLoader<RosterPageKey, ReturnType<typeof connectionOf<RosterEventRow>>, string>(async (keys) => {
      const shapes = new Map<string, RosterPageKey[]>();
      for (const key of keys) {
        const shape = JSON.stringify([key.first, key.after]);
        shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
      }
      const pages = new Map<string, ReturnType<typeof connectionOf<RosterEventRow>>>();
      await read(async (tx) => {
        const contractIds = [...new Set(keys.map((k) => k.contractId))];
        const totals = await rosterCounts(tx, contractIds);
        for (const group of shapes.values()) {
          const { first, after } = group[0];
          const rows = await rosterPages(tx, phi, revealMemberIds, group.map((k) => k.contractId), first, after);
          for (const key of group) {
            const own = rows.filter((r) => r.contractId === key.contractId);
            const page: Page<RosterEventRow> = { rows: own.slice(0, first), hasNextPage: own.length > first, hasPreviousPage: key.afterGiven };
            pages.set(cacheKey(key), connectionOf(page, totals.get(key.contractId) ?? 0, rosterCursorOf));
          }
        }
      });
      return keys.map((k) => pages.get(cacheKey(k))!);
    }, { cacheKeyFn: (k) => cacheKey(k) }),
  };
}

const cacheKey = (k: RosterPageKey) => JSON.stringify([k.contractId, k.first, k.after, k.afterGiven]);

export type CapitationLoaders = ReturnType<typeof createCapitationLoaders>;

/** What the capitation module's resolvers get: the platform's context with its loaders. */
export type CapitationContext = Context<CapitationLoaders>;
