import { calendarDateOf, type CalendarDate } from '../../domain/calendar-date';
import { type LockMode, lockClause, lockedRow, writableRow } from '../../platform/db/row-lock';
import type { Tx } from '../../platform/db/tenant';
import type { ContractRow } from './rows';

/**
 * Locks a contract for the rest of the transaction: FOR UPDATE to change the
 * contract or its periods, FOR SHARE to add under it. Another organization's
 * contract is NOT_FOUND (row-level security hides it).
 */
export function lockContract(tx: Tx, contractId: string, mode: LockMode): Promise<ContractRow> {
  return lockedRow(contractId, 'Capitation contract', async (id) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM pm_capitation_contracts WHERE id = ${id}::uuid ${lockClause(mode)}`;
    return locked && tx.capitationContract.findUnique({ where: { id: locked.id } });
  });
}

/** Locks the contract and checks it can change: an archived contract and everything under it are READ_ONLY. */
export async function lockWritableContract(tx: Tx, contractId: string, mode: LockMode): Promise<ContractRow> {
  const contract = await lockContract(tx, contractId, mode);
  return writableRow(contract, contract.deletedAt !== null, 'The capitation contract is archived and read-only');
}

export const effectiveRangeOf = (contract: ContractRow): { from: CalendarDate; to: CalendarDate | null } => ({
  from: calendarDateOf(contract.effectiveFrom),
  to: contract.effectiveTo && calendarDateOf(contract.effectiveTo),
});
