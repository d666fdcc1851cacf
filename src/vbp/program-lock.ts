import { isUuid } from '../domain/uuid';
import type { Tx } from '../platform/db/tenant';
import { notFound, readOnly } from '../platform/errors';

interface LockedProgram { id: string; archived: boolean; measurementPeriod: string; periodStart: string | null; periodEnd: string | null }

/**
 * Locks a program row for the rest of the transaction and checks it can change.
 * FOR UPDATE for the program itself, FOR SHARE when a measure or payment under
 * it changes: an archive and a child write then cannot interleave, so nothing
 * is written under a program archived meanwhile.
 */
export async function lockWritableProgram(tx: Tx, programId: string, mode: 'UPDATE' | 'SHARE'): Promise<LockedProgram> {
  if (!isUuid(programId)) throw notFound('Program');
  const lock = mode === 'UPDATE' ? tx.$queryRaw<LockedProgram[]>`
      SELECT id, deleted_at IS NOT NULL AS archived, measurement_period AS "measurementPeriod",
             period_start::text AS "periodStart", period_end::text AS "periodEnd"
      FROM pm_vbp_programs WHERE id = ${programId}::uuid FOR UPDATE`
    : tx.$queryRaw<LockedProgram[]>`
      SELECT id, deleted_at IS NOT NULL AS archived, measurement_period AS "measurementPeriod",
             period_start::text AS "periodStart", period_end::text AS "periodEnd"
      FROM pm_vbp_programs WHERE id = ${programId}::uuid FOR SHARE`;
  const [program] = await lock;
  if (!program) throw notFound('Program');
  return program;
}

export function assertNotArchived(program: { archived: boolean }, what = 'The program'): void {
  if (program.archived) throw readOnly(`${what} is archived and read-only`);
}
