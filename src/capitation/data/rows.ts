/** Rows as the generated client returns them; resolvers receive these as their root. */
export type {
  CapitationContract as ContractRow,
  CapitationPeriod as PeriodRow,
  CapitationReconciliation as ReconciliationRow,
} from '../../generated/prisma/client';

/** A roster event as read for a caller: the member id is clear only for pm.capitation.manage. */
export interface RosterEventRow {
  id: string;
  contractId: string;
  patientId: string | null;
  /** Decrypted member id, or null when the caller may only see the mask. */
  memberIdExternal: string | null;
  memberIdMask: string;
  eventType: string;
  /** YYYY-MM-DD */
  effectiveDate: string;
  source: string;
  createdAt: Date;
}
