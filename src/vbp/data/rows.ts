import type { DecimalText } from '../../domain/money';
import type { IncentivePayment, Measure, Program } from '../../generated/prisma/client';

/**
 * A decimal column's value (DecimalText): the client's decimal object (rows a write returns), or the exact
 * text PostgreSQL printed (rows the batch loaders read, data/batches.ts). Either way exact;
 * readers go through its text (domain/money.ts, measure-math.ts), never a binary float.
 */
export type { DecimalText };

/** Rows as the generated client returns them, decimals as DecimalText; resolvers receive these as their root. */
export type ProgramRow = Program;
export type MeasureRow = Omit<Measure, 'benchmark'> & { benchmark: DecimalText };
export type PaymentRow = Omit<IncentivePayment, 'earnedAmount' | 'paidAmount'> & { earnedAmount: DecimalText; paidAmount: DecimalText };

/** A program's incentive terms as read (data/batches.ts termsJson): decimals as exact text, weights ordered by measureId. */
export interface IncentiveTermsRow {
  organizationId: string;
  programId: string;
  maxIncentive: DecimalText;
  /** Its shortest decimal form, as given; null: no gate. */
  qualityGate: DecimalText | null;
  atRiskAmount: DecimalText;
  measureWeights: { measureId: string; weight: DecimalText }[];
}
