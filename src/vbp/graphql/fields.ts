import { subtractMoney } from '../../domain/money';
import { benchmarkAsFloat, gapToBenchmarkOf, performanceLevelOf, rateOf } from '../model/measure-math';
import { payerOf } from '../../domain/payer.type';
import type { IncentiveTermsRow, MeasureRow, PaymentRow, ProgramRow } from '../data/rows';

/**
 * Fields computed from their row alone, by the pure functions of the domain:
 * resolved as plain functions (merged into the resolver map by
 * app/schema.ts), where a TypeGraphQL field resolver would add its
 * parameter and middleware machinery to each of a dashboard's ~2,200 calls.
 * The fields themselves are declared on the object types (measure.type.ts,
 * incentive-payment.type.ts), which give the schema their types and descriptions.
 */
export const vbpFields = {
  Program: {
    payer: (program: ProgramRow) => payerOf(program.payerId),
    archived: (program: ProgramRow) => program.deletedAt !== null,
    archivedAt: (program: ProgramRow) => program.deletedAt,
  },
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
