/** Rows as the generated client returns them; resolvers receive these as their root. */
export type {
  IncentivePayment as PaymentRow,
  Measure as MeasureRow,
  Program as ProgramRow,
} from '../generated/prisma/client';
