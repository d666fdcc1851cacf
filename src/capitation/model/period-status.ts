import Decimal from 'decimal.js';
import type { DecimalLike } from '../../domain/money';

export enum CapitationPeriodStatus { OPEN = 'OPEN', PARTIALLY_PAID = 'PARTIALLY_PAID', PAID = 'PAID', RECONCILED = 'RECONCILED', DISPUTED = 'DISPUTED' }
export enum VarianceDisposition {
  PENDING_REVIEW = 'PENDING_REVIEW', ACCEPTED = 'ACCEPTED', WRITTEN_OFF = 'WRITTEN_OFF', DISPUTED = 'DISPUTED', RETRO_ADJUSTMENT = 'RETRO_ADJUSTMENT',
}

const CLOSING = new Set([VarianceDisposition.ACCEPTED, VarianceDisposition.WRITTEN_OFF, VarianceDisposition.RETRO_ADJUSTMENT]);

/** Contract: ACCEPTED when the variance is 0.00, else PENDING_REVIEW. */
export const defaultDisposition = (variance: DecimalLike): VarianceDisposition =>
  (new Decimal(variance.toString()).isZero() ? VarianceDisposition.ACCEPTED : VarianceDisposition.PENDING_REVIEW);

/** Status from the period's totals alone: received against expected. */
function statusOfTotals(expected: DecimalLike, received: DecimalLike): CapitationPeriodStatus {
  const cmp = new Decimal(received.toString()).comparedTo(expected.toString());
  if (cmp === 0) return CapitationPeriodStatus.RECONCILED;
  return cmp < 0 ? CapitationPeriodStatus.PARTIALLY_PAID : CapitationPeriodStatus.PAID;
}

/**
 * Contract, after a reconciliation: DISPUTED when its disposition is DISPUTED;
 * RECONCILED when the totals match or the disposition is ACCEPTED, WRITTEN_OFF
 * or RETRO_ADJUSTMENT; else PARTIALLY_PAID (less received) or PAID (more).
 */
export function statusAfterReconciliation(totals: { expected: DecimalLike; received: DecimalLike }, disposition: VarianceDisposition): CapitationPeriodStatus {
  if (disposition === VarianceDisposition.DISPUTED) return CapitationPeriodStatus.DISPUTED;
  if (CLOSING.has(disposition)) return CapitationPeriodStatus.RECONCILED;
  return statusOfTotals(totals.expected, totals.received);
}

/**
 * Contract, when periods are regenerated: a period without reconciliations is
 * OPEN; one with reconciliations takes its status again from its totals, and
 * DISPUTED stays DISPUTED. (RECONCILED periods are not recomputed at all.)
 */
export function statusAfterRegeneration(
  period: { status: CapitationPeriodStatus; expected: DecimalLike; received: DecimalLike; reconciled: boolean },
): CapitationPeriodStatus {
  if (!period.reconciled) return CapitationPeriodStatus.OPEN;
  if (period.status === CapitationPeriodStatus.DISPUTED) return CapitationPeriodStatus.DISPUTED;
  return statusOfTotals(period.expected, period.received);
}

/**
 * Contract: for a RECONCILED period, what the roster now implies (current
 * roster, current pmpmRate) minus its expectedRevenue; 0.00 otherwise.
 */
export function retroAdjustmentOf(status: CapitationPeriodStatus, expectedRevenue: DecimalLike, impliedRevenue: DecimalLike): Decimal {
  if (status !== CapitationPeriodStatus.RECONCILED) return new Decimal(0);
  return new Decimal(impliedRevenue.toString()).minus(expectedRevenue.toString());
}
