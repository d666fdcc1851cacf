import { isUuid } from '../../domain/uuid';
import { Prisma } from '../../generated/prisma/client';
import { notFound, readOnly } from '../graphql/errors';

export type LockMode = 'UPDATE' | 'SHARE';

/** `FOR UPDATE` to change a parent row, `FOR SHARE` to write under it; a constant, never caller text. */
export const lockClause = (mode: LockMode) => Prisma.raw(mode === 'UPDATE' ? 'FOR UPDATE' : 'FOR SHARE');

/**
 * A parent row (a program, a contract) locked by `select` for the rest of the
 * transaction. A malformed id never reaches the database; another
 * organization's row is NOT_FOUND like a missing one (row-level security hides it).
 */
export async function lockedRow<T>(id: string, what: string, select: (id: string) => Promise<T | null | undefined>): Promise<T> {
  if (!isUuid(id)) throw notFound(what);
  const row = await select(id);
  if (!row) throw notFound(what);
  return row;
}

/** An archived parent and everything under it are READ_ONLY. */
export function writableRow<T>(row: T, archived: boolean, message: string): T {
  if (archived) throw readOnly(message);
  return row;
}
