import { calendarDateOf, type CalendarDate } from '../../domain/calendar-date';
import { isUuid } from '../../domain/uuid';
import { type LockMode, lockClause } from '../../platform/db/row-lock';
import type { Tx } from '../../platform/db/tenant';
import { notFound, readOnly } from '../../platform/graphql/errors';
import type { ContractRow } from './rows';

/**
 * Locks a contract for the rest of the transaction: FOR UPDATE to change the
 * contract or its periods, FOR SHARE to add under it. Another organization's
 * contract is NOT_FOUND (row-level security hides it).
 */
export async function lockContract(tx: Tx, contractId: string, mode: LockMode): Promise<ContractRow> {
  if (!isUuid(contractId)) throw notFound('Capitation contract');
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM pm_capitation_contracts WHERE id = ${contractId}::uuid ${lockClause(mode)}`;
  const contract = locked && await tx.capitationContract.findUnique({ where: { id: locked.id } });
  if (!contract) throw notFound('Capitation contract');
  return contract;
}

/** Locks the contract and checks it can change: an archived contract and everything under it are READ_ONLY. */
export async function lockWritableContract(tx: Tx, contractId: string, mode: LockMode): Promise<ContractRow> {
  const contract = await lockContract(tx, contractId, mode);
  if (contract.deletedAt) throw readOnly('The capitation contract is archived and read-only');
  return contract;
}

export const effectiveRangeOf = (contract: ContractRow): { from: CalendarDate; to: CalendarDate | null } => ({
  from: calendarDateOf(contract.effectiveFrom),
  to: contract.effectiveTo && calendarDateOf(contract.effectiveTo),
});
