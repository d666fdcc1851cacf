import Decimal from 'decimal.js';
import type { TenantDb } from '../platform/db/tenant';
import type { SeedDeps } from '../platform/module';
import { ContractType, MeasureSource, PaymentStatus, ProgramStatus } from './graphql/enums';
import { recordIncentivePayment } from './incentive-payment.service';
import { addMeasure } from './measure.service';
import { createProgram } from './program.service';

/** HEDIS measures with plausible benchmarks (the 2025 national 75th percentiles, rounded). */
const HEDIS = [
  { code: 'BCS', name: 'Breast Cancer Screening', benchmark: 0.74 },
  { code: 'COL', name: 'Colorectal Cancer Screening', benchmark: 0.72 },
  { code: 'CBP', name: 'Controlling High Blood Pressure', benchmark: 0.7 },
  { code: 'HBD', name: 'Hemoglobin A1c Control for Patients With Diabetes', benchmark: 0.67 },
  { code: 'CCS', name: 'Cervical Cancer Screening', benchmark: 0.76 },
  { code: 'SPC', name: 'Statin Therapy for Patients With Cardiovascular Disease', benchmark: 0.82 },
  { code: 'EED', name: 'Eye Exam for Patients With Diabetes', benchmark: 0.6 },
  { code: 'PPC', name: 'Prenatal and Postpartum Care', benchmark: 0.85 },
] as const;

/** Measures CL calculates for the demo (quality's seed sends their results): CLINICAL, synced from them. */
export const DEMO_CLINICAL_MEASURES = ['CBP', 'HBD'];

const PROGRAMS: { name: string; contractType: ContractType; measurementPeriod: string; status?: ProgramStatus; earned: string }[] = [
  { name: 'MSSP ACO Track E 2025', contractType: ContractType.SHARED_SAVINGS, measurementPeriod: 'CY2025', earned: '48250.00' },
  { name: 'Aetna Commercial Shared Savings', contractType: ContractType.SHARED_SAVINGS, measurementPeriod: 'CY2025', earned: '21400.00' },
  { name: 'BCBS Quality Incentive 2025', contractType: ContractType.QUALITY_BONUS, measurementPeriod: 'CY2025', earned: '12800.00' },
  { name: 'Humana Star Ratings Bonus', contractType: ContractType.QUALITY_BONUS, measurementPeriod: 'CY2025', earned: '9650.00' },
  { name: 'Medicaid Primary Care Capitation', contractType: ContractType.CAPITATION, measurementPeriod: 'CY2025', earned: '31200.00' },
  { name: 'UHC Medicare Advantage Capitation', contractType: ContractType.CAPITATION, measurementPeriod: 'CY2025', earned: '57375.00' },
  { name: 'CJR Hip and Knee Bundle', contractType: ContractType.BUNDLED_PAYMENT, measurementPeriod: 'CY2025', earned: '18900.00' },
  { name: 'Maternity Episode Bundle', contractType: ContractType.BUNDLED_PAYMENT, measurementPeriod: 'CY2025', earned: '7420.00' },
  { name: 'Chronic Care Management Fees', contractType: ContractType.OTHER, measurementPeriod: 'CY2025', earned: '4380.00' },
  { name: 'Behavioral Health Integration', contractType: ContractType.OTHER, measurementPeriod: 'CY2025', earned: '2960.00' },
  {
    name: 'MSSP ACO Track E 2024', contractType: ContractType.SHARED_SAVINGS, measurementPeriod: 'CY2024',
    status: ProgramStatus.COMPLETED, earned: '39800.00',
  },
];

/** Whether the organization has a program (archived ones count): the demo seeds only an empty one. */
export const hasPrograms = (db: TenantDb): Promise<boolean> =>
  db.run(async (tx) => (await tx.program.findFirst({ select: { id: true } })) !== null);

/**
 * The demo organization's programs: every contract type, each with four or
 * five HEDIS measures (some above, some below benchmark) and quarterly
 * payments (paid, short-paid and pending).
 */
export async function seedVbpDemo({ db }: SeedDeps): Promise<void> {
  for (const [p, program] of PROGRAMS.entries()) {
    const { id } = await createProgram(db, {
      name: program.name, contractType: program.contractType, measurementPeriod: program.measurementPeriod, status: program.status,
    });
    const measures = [0, 1, 2, 3, 4].slice(0, 4 + (p % 2)).map((m) => HEDIS[(p * 3 + m) % HEDIS.length]);
    for (const [m, measure] of measures.entries()) {
      const denominator = 120 + ((p * 37 + m * 53) % 180);
      // About a third below benchmark, the rest above: both performance levels on every dashboard.
      const target = (p + m) % 3 === 0 ? measure.benchmark - 0.07 : measure.benchmark + 0.05;
      const numerator = Math.min(denominator, Math.round(denominator * target));
      const clinical = program.measurementPeriod === 'CY2025' && DEMO_CLINICAL_MEASURES.includes(measure.code);
      await addMeasure(db, id, {
        measureId: measure.code, measureName: measure.name, numerator, denominator, benchmark: measure.benchmark,
        source: clinical ? MeasureSource.CLINICAL : MeasureSource.MANUAL,
      });
    }
    const year = program.measurementPeriod.slice(2);
    const quarters = program.status === ProgramStatus.COMPLETED ? 4 : 3;
    for (let q = 1; q <= quarters; q += 1) {
      const earned = new Decimal(program.earned).div(4).toDecimalPlaces(2);
      // Q1 paid in full, Q2 short-paid by 8 %, the latest quarter still pending (a completed year is all paid).
      const paid = q === quarters && quarters === 3 ? new Decimal(0) : q === 2 ? earned.times('0.92').toDecimalPlaces(2) : earned;
      const status = paid.isZero() ? PaymentStatus.PENDING : paid.equals(earned) ? PaymentStatus.PAID : PaymentStatus.ADJUSTED;
      await recordIncentivePayment(db, id, { paymentPeriod: `${year}-Q${q}`, earnedAmount: earned, paidAmount: paid, status });
    }
  }
}
