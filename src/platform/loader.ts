import DataLoader from 'dataloader';
import { isUuid } from '../domain/uuid';

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

/** A per-request loader of the rows belonging to each parent id, in the order `fetch` returns them. */
export function rowsByParentLoader<T>(fetch: (parentIds: string[]) => Promise<T[]>, parentOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await fetch([...new Set(parentIds)]);
    const byParent = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) byParent.get(parentOf(row))?.push(row);
    return parentIds.map((id) => byParent.get(id)!);
  });
}
