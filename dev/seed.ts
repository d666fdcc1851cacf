import { randomUUID } from 'node:crypto';
import type { Prisma } from '../src/platform/db/client';
import { tenantDb } from '../src/platform/db/tenant';

export interface SeedShape { programs: number; measuresPerProgram: number; paymentsPerProgram: number }

/**
 * Seeds one organization with programs, measures and payments in one
 * transaction through the tenant path (RLS applies). For benchmarks, tests and
 * local exploration; the figures vary so that both performance levels occur.
 */
export async function seedVbp(prisma: Prisma, orgId: string, shape: SeedShape): Promise<string[]> {
  const programIds = Array.from({ length: shape.programs }, () => randomUUID());
  await tenantDb(prisma, orgId).run(async (tx) => {
    await tx.program.createMany({
      data: programIds.map((id, i) => ({
        id, organizationId: orgId, name: `Program ${String(i).padStart(4, '0')}`, nameSearch: `program ${String(i).padStart(4, '0')}`,
        contractType: i % 2 ? 'QUALITY_BONUS' : 'SHARED_SAVINGS', measurementPeriod: 'CY2025',
        periodStart: new Date('2025-01-01T00:00:00Z'), periodEnd: new Date('2025-12-31T00:00:00Z'),
      })),
    });
    await tx.measure.createMany({
      data: programIds.flatMap((programId, p) => Array.from({ length: shape.measuresPerProgram }, (_, m) => ({
        organizationId: orgId, programId, measureId: `HEDIS_M${String(m).padStart(2, '0')}`, measureName: `Measure ${m}`,
        numerator: 40 + ((p * 7 + m * 13) % 60), denominator: 100, benchmark: '0.7500',
      }))),
    });
    await tx.incentivePayment.createMany({
      data: programIds.flatMap((programId) => Array.from({ length: shape.paymentsPerProgram }, (_, q) => ({
        organizationId: orgId, programId, paymentPeriod: `2025-Q${(q % 4) + 1}`,
        earnedAmount: '1250.10', paidAmount: q % 2 ? '1250.10' : '1000.00', status: q % 2 ? 'PAID' as const : 'PENDING' as const,
      }))),
    });
  }, { retries: 0 });
  return programIds;
}

/** The dashboard query of the issue and the benchmark: a page of programs with everything under them. */
export const DASHBOARD_QUERY = `query Dashboard {
  programs(first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name contractType measurementPeriod periodStart periodEnd status archived
      measures { id measureId measureName numerator denominator benchmark rate performanceLevel gapToBenchmark }
      incentivePayments { id paymentPeriod earnedAmount paidAmount variance status }
      summary { measureCount exceededCount notMetCount earnedTotal paidTotal outstandingTotal }
    } }
  }
}`;
