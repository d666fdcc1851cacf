import Decimal from 'decimal.js';
import { Prisma } from '../generated/prisma/client';
import type { TenantDb } from '../platform/db/tenant';
import { checkFirst } from '../platform/graphql/pagination';
import type { DashboardForecasts, VbpDashboard } from './graphql/dashboard.type';
import type { MeasureRow } from './data/rows';
import { termsAndMeasuresIn } from './data/dashboard-forecasts';
import { forecastOf, type IncentiveForecastOf, type MeasureForecastOf, opportunitiesOf } from './model/incentive-forecast';

// The SQL below repeats measure-math.ts in exact numeric arithmetic:
// EXCEEDED ⇔ numerator >= benchmark × denominator; gap = ceil(benchmark × denominator) − numerator.

const inScope = (measurementPeriod: string | null) => (measurementPeriod === null
  ? Prisma.sql`p.deleted_at IS NULL`
  : Prisma.sql`p.deleted_at IS NULL AND p.measurement_period = ${measurementPeriod}`);

interface Totals {
  programCount: number; activeProgramCount: number; measureCount: number; exceededCount: number;
  earnedTotal: string; paidTotal: string;
}

/** Contract: the organization's non-archived programs, only those of `measurementPeriod` when given. */
export async function vbpDashboard(db: TenantDb, measurementPeriod?: string | null): Promise<VbpDashboard> {
  // Given means given: a blank period is compared literally (and matches no program).
  const period = measurementPeriod == null ? null : measurementPeriod.trim();
  const scope = inScope(period);
  const [totals] = await db.run((tx) => tx.$queryRaw<Totals[]>`
    SELECT
      (SELECT count(*) FROM pm_vbp_programs p WHERE ${scope})::int AS "programCount",
      (SELECT count(*) FROM pm_vbp_programs p WHERE ${scope} AND p.status = 'ACTIVE')::int AS "activeProgramCount",
      m."measureCount", m."exceededCount", pay."earnedTotal", pay."paidTotal"
    FROM (SELECT count(*)::int AS "measureCount",
                 (count(*) FILTER (WHERE x.numerator >= x.benchmark * x.denominator))::int AS "exceededCount"
          FROM pm_vbp_measures x JOIN pm_vbp_programs p ON p.id = x.program_id WHERE ${scope}) m,
         (SELECT coalesce(sum(x.earned_amount), 0)::text AS "earnedTotal", coalesce(sum(x.paid_amount), 0)::text AS "paidTotal"
          FROM pm_vbp_incentive_payments x JOIN pm_vbp_programs p ON p.id = x.program_id WHERE ${scope}) pay`);
  const earnedTotal = new Decimal(totals.earnedTotal);
  const paidTotal = new Decimal(totals.paidTotal);
  return {
    programCount: totals.programCount,
    activeProgramCount: totals.activeProgramCount,
    measureCount: totals.measureCount,
    exceededCount: totals.exceededCount,
    notMetCount: totals.measureCount - totals.exceededCount,
    earnedTotal,
    paidTotal,
    outstandingTotal: earnedTotal.minus(paidTotal),
    measurementPeriod: period,
  };
}

/**
 * Contract: the forecasts of the dashboard's programs that have terms, and their sums (each program's
 * figures as its own forecast rounds them, so the totals add up to what the programs show). Read once
 * per dashboard (the totals and opportunities share it), in one statement whatever the number of programs.
 */
export function dashboardForecasts(db: TenantDb, dashboard: VbpDashboard): Promise<DashboardForecasts> {
  dashboard.forecasts ??= db.run(async (tx) => {
    const programs = await termsAndMeasuresIn(tx, db.orgId, inScope(dashboard.measurementPeriod));
    const forecasts = programs.map(({ measures, terms }) => forecastOf(measures, terms));
    const sum = (figure: (f: IncentiveForecastOf<MeasureRow>) => Decimal) => forecasts.reduce((total, f) => total.plus(figure(f)), new Decimal(0));
    return {
      maxIncentiveTotal: sum((f) => f.maxIncentive),
      projectedIncentiveTotal: sum((f) => f.projectedIncentive),
      potentialUpsideTotal: sum((f) => f.potentialUpside),
      potentialDownsideTotal: sum((f) => f.potentialDownside),
      forecasts,
    };
  });
  return dashboard.forecasts;
}

/** Contract: NOT_MET measures with money at stake, largest dollarsPerEvent first, then dollarsAtStake, then measure id; `first` 1–100. */
export async function dashboardOpportunities(db: TenantDb, dashboard: VbpDashboard, first: number): Promise<MeasureForecastOf<MeasureRow>[]> {
  checkFirst(first);
  return opportunitiesOf((await dashboardForecasts(db, dashboard)).forecasts, first);
}

/** NOT_MET measures of the dashboard's programs, largest gapToBenchmark first (then measureId, id). */
export async function dashboardGaps(db: TenantDb, measurementPeriod: string | null, first: number): Promise<MeasureRow[]> {
  checkFirst(first);
  return db.run((tx) => tx.$queryRaw<MeasureRow[]>`
    SELECT x.id, x.organization_id AS "organizationId", x.program_id AS "programId", x.measure_id AS "measureId",
           x.measure_name AS "measureName", x.numerator, x.denominator, x.benchmark, x.source::text AS source,
           x.last_synced_at AS "lastSyncedAt", x.created_at AS "createdAt", x.updated_at AS "updatedAt"
    FROM pm_vbp_measures x JOIN pm_vbp_programs p ON p.id = x.program_id
    WHERE ${inScope(measurementPeriod)} AND x.numerator < x.benchmark * x.denominator
    ORDER BY ceil(x.benchmark * x.denominator) - x.numerator DESC, x.measure_id, x.id
    LIMIT ${first}`);
}
