import { type LockMode, lockClause, lockedRow, writableRow } from '../../platform/db/row-lock';
import type { Tx } from '../../platform/db/tenant';
import { notFound } from '../../platform/graphql/errors';

interface LockedProgram { id: string; archived: boolean; measurementPeriod: string; periodStart: string | null; periodEnd: string | null }

/**
 * Locks a program row for the rest of the transaction. FOR UPDATE for the
 * program itself, FOR SHARE when a measure or payment under it changes: an
 * archive and a child write then cannot interleave, so nothing is written
 * under a program archived meanwhile. Another organization's program is
 * NOT_FOUND (row-level security hides it).
 */
export function lockProgram(tx: Tx, programId: string, mode: LockMode): Promise<LockedProgram> {
  return lockedRow(programId, 'Program', async (id) => (await tx.$queryRaw<LockedProgram[]>`
    SELECT id, deleted_at IS NOT NULL AS archived, measurement_period AS "measurementPeriod",
           period_start::text AS "periodStart", period_end::text AS "periodEnd"
    FROM pm_vbp_programs WHERE id = ${id}::uuid ${lockClause(mode)}`)[0]);
}

/** Locks the program and checks it can change: an archived program and everything under it are READ_ONLY. */
export async function lockWritableProgram(tx: Tx, programId: string, mode: LockMode): Promise<LockedProgram> {
  const program = await lockProgram(tx, programId, mode);
  return writableRow(program, program.archived, 'The program is archived and read-only');
}

/** A measure or payment about to change: it must exist for this organization, and its program must be writable. */
export async function lockUnderWritableProgram<T extends { programId: string }>(tx: Tx, row: T | null, what: string): Promise<T> {
  if (!row) throw notFound(what);
  await lockWritableProgram(tx, row.programId, 'SHARE');
  return row;
}
