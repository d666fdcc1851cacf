import { subtractMoney } from '../../domain/money';
import { benchmarkAsFloat, gapToBenchmarkOf, performanceLevelOf, rateOf } from '../model/measure-math';
import type { IncentiveTermsRow, MeasureRow, PaymentRow } from '../data/rows';

/**
 * Fields computed from their row alone, by the pure functions of the domain:
 * resolved as plain functions (merged into the resolver map by
 * platform/schema.ts), where a TypeGraphQL field resolver would add its
 * parameter and middleware machinery to each of a dashboard's ~2,200 calls.
 * The fields themselves are declared on the object types (measure.type.ts,
 * incentive-payment.type.ts), which give the schema their types and descriptions.
 */
export const vbpFields = {
  Measure: {
    benchmark: (measure: MeasureRow) => benchmarkAsFloat(measure.benchmark),
    rate: (measure: MeasureRow) => rateOf(measure),
    performanceLevel: (measure: MeasureRow) => performanceLevelOf(measure),
    gapToBenchmark: (measure: MeasureRow) => gapToBenchmarkOf(measure),
  },
  // Stored as exact decimal text; a Float only at the field.
  IncentiveTerms: {
    qualityGate: (terms: IncentiveTermsRow) => (terms.qualityGate === null ? null : Number(terms.qualityGate.toString())),
  },
  MeasureWeight: {
    weight: (weight: IncentiveTermsRow['measureWeights'][number]) => Number(weight.weight.toString()),
  },
  IncentivePayment: {
    variance: (payment: PaymentRow) => subtractMoney(payment.paidAmount, payment.earnedAmount),
  },
};
