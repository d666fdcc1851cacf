import { isUuid } from '../../domain/uuid';
import { type LockMode, lockClause } from '../../platform/db/row-lock';
import type { Tx } from '../../platform/db/tenant';
import { notFound, readOnly } from '../../platform/graphql/errors';

interface LockedProgram { id: string; archived: boolean; measurementPeriod: string; periodStart: string | null; periodEnd: string | null }

/**
 * Locks a program row for the rest of the transaction. FOR UPDATE for the
 * program itself, FOR SHARE when a measure or payment under it changes: an
 * archive and a child write then cannot interleave, so nothing is written
 * under a program archived meanwhile. Another organization's program is
 * NOT_FOUND (row-level security hides it).
 */
export async function lockProgram(tx: Tx, programId: string, mode: LockMode): Promise<LockedProgram> {
  if (!isUuid(programId)) throw notFound('Program');
  const [program] = await tx.$queryRaw<LockedProgram[]>`
    SELECT id, deleted_at IS NOT NULL AS archived, measurement_period AS "measurementPeriod",
           period_start::text AS "periodStart", period_end::text AS "periodEnd"
    FROM pm_vbp_programs WHERE id = ${programId}::uuid ${lockClause(mode)}`;
  if (!program) throw notFound('Program');
  return program;
}

/** Locks the program and checks it can change: an archived program and everything under it are READ_ONLY. */
export async function lockWritableProgram(tx: Tx, programId: string, mode: LockMode): Promise<LockedProgram> {
  const program = await lockProgram(tx, programId, mode);
  if (program.archived) throw readOnly('The program is archived and read-only');
  return program;
}

/** A measure or payment about to change: it must exist for this organization, and its program must be writable. */
export async function lockUnderWritableProgram<T extends { programId: string }>(tx: Tx, row: T | null, what: string): Promise<T> {
  if (!row) throw notFound(what);
  await lockWritableProgram(tx, row.programId, 'SHARE');
  return row;
}
