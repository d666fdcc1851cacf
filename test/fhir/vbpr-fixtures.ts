import Decimal from 'decimal.js';
import { buildVbprBundle, type VbprExportInput } from '../../src/fhir/model/vbpr-bundle';
import type { IncentiveTermsRow, MeasureRow, PaymentRow, ProgramRow } from '../../src/vbp/data/rows';

/** Rows as Prisma returns them, for the pure mapping, checker and comparison tests. */
const ORG = '11111111-1111-4111-8111-111111111111';
const PROGRAM = '22222222-2222-4222-8222-222222222222';
const at = new Date('2025-03-01T12:00:00.000Z');
// Prisma's Decimal is decimal.js underneath; the mapping reads only toString().
const dec = (text: string) => new Decimal(text) as unknown as MeasureRow['benchmark'];

export const programRow = (fields: Partial<ProgramRow> = {}): ProgramRow & { periodStart: Date; periodEnd: Date } => ({
  id: PROGRAM, organizationId: ORG, payerId: 'payer-42', name: 'MSSP 2025', nameSearch: 'mssp 2025', contractType: 'SHARED_SAVINGS',
  measurementPeriod: 'CY2025', periodStart: new Date('2025-01-01T00:00:00.000Z'), periodEnd: new Date('2025-12-31T00:00:00.000Z'),
  status: 'ACTIVE', notes: null, deletedAt: null, createdAt: at, updatedAt: at, ...fields,
} as ProgramRow & { periodStart: Date; periodEnd: Date });

let counter = 0;
const uuid = (n: number) => `33333333-3333-4333-8333-${String(n).padStart(12, '0')}`;

export const measureRow = (fields: Partial<Omit<MeasureRow, 'benchmark'>> & { benchmark?: string } = {}): MeasureRow => {
  const { benchmark = '0.7500', ...rest } = fields;
  return {
    id: uuid(++counter), organizationId: ORG, programId: PROGRAM, measureId: 'BCS', measureName: 'Breast Cancer Screening',
    numerator: 3, denominator: 4, benchmark: dec(benchmark), source: 'MANUAL', lastSyncedAt: null, createdAt: at, updatedAt: at, ...rest,
  } as MeasureRow;
};

export const paymentRow = (earned: string, paid: string): PaymentRow => ({
  id: uuid(++counter), organizationId: ORG, programId: PROGRAM, paymentPeriod: '2025-Q1', earnedAmount: dec(earned), paidAmount: dec(paid),
  status: 'PENDING', notes: null, createdAt: at, updatedAt: at,
} as PaymentRow);

/** Incentive terms as the loader reads them: decimals as text, weights by measureId. */
export const termsRow = (fields: Partial<IncentiveTermsRow> = {}): IncentiveTermsRow => ({
  organizationId: ORG, programId: PROGRAM, maxIncentive: '1000.00', qualityGate: '0.5', atRiskAmount: '250.00', measureWeights: [], ...fields,
});

export const FIXTURE_BASE_URL = 'https://pm.example.test';

/** A valid export: a payer, two measures, two payments. */
export const fixtureBundle = (overrides: Partial<VbprExportInput> = {}) => buildVbprBundle({
  program: programRow(),
  measures: [measureRow({ measureId: 'BCS' }), measureRow({ measureId: 'HEDIS_CDC', measureName: 'Diabetes Care', numerator: 1, denominator: 3, benchmark: '0.5' })],
  payments: [paymentRow('1000.10', '750.00'), paymentRow('0.20', '0.00')],
  terms: null,
  organizationName: 'Good Health Clinic',
  payerName: 'ABC Payer',
  publicBaseUrl: FIXTURE_BASE_URL,
  now: new Date('2026-01-15T08:00:00.000Z'),
  ...overrides,
});
