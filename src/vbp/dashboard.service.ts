import Decimal from 'decimal.js';
import type { TenantDb } from '../platform/db/tenant';
import { checkFirst } from '../platform/graphql/pagination';
import type { DashboardForecasts, VbpDashboard } from './graphql/dashboard.type';
import type { MeasureRow } from './data/rows';
import { readDashboardGaps, readDashboardTotals, termsAndMeasuresIn } from './data/dashboard';
import { forecastOf, type IncentiveForecastOf, type MeasureForecastOf, opportunitiesOf } from './model/incentive-forecast';

/** Contract: the organization's non-archived programs, only those of `measurementPeriod` when given. */
export async function vbpDashboard(db: TenantDb, measurementPeriod?: string | null): Promise<VbpDashboard> {
  // Given means given: a blank period is compared literally (and matches no program).
  const period = measurementPeriod == null ? null : measurementPeriod.trim();
  const totals = await db.read((sql) => readDashboardTotals(sql, period));
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
  dashboard.forecasts ??= db.read(async (sql) => {
    const programs = await termsAndMeasuresIn(sql, db.orgId, dashboard.measurementPeriod);
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

/** Contract: NOT_MET measures of the dashboard's programs, largest gapToBenchmark first (then measureId, id); `first` 1–100. */
export async function dashboardGaps(db: TenantDb, measurementPeriod: string | null, first: number): Promise<MeasureRow[]> {
  checkFirst(first);
  return db.read((sql) => readDashboardGaps(sql, db.orgId, measurementPeriod, first));
}
