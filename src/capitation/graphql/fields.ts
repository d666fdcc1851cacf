import { payerOf } from '../../domain/payer.type';
import { toMoney } from '../../domain/money';
import type { ContractRow, PeriodRow, RosterEventRow } from '../data/rows';

/** Fields computed from their row alone (declared on the object types, which give their types and descriptions). */
export const capitationFields = {
  CapitationContract: {
    payer: (contract: ContractRow) => payerOf(contract.payerId),
    archived: (contract: ContractRow) => contract.deletedAt !== null,
  },
  CapitationPeriod: {
    variance: (period: PeriodRow) => toMoney(period.receivedRevenue).minus(toMoney(period.expectedRevenue)),
  },
  RosterEvent: {
    patient: (event: RosterEventRow) => (event.patientId ? { id: event.patientId } : null),
    /** PHI: clear only when it was decrypted for this caller (pm.capitation.manage), else the stored mask. */
    memberIdExternal: (event: RosterEventRow) => event.memberIdExternal ?? event.memberIdMask,
  },
};
