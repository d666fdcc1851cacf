import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { VbpContext } from '../data/loaders';
import { dashboardForecasts, dashboardGaps, dashboardOpportunities, vbpDashboard } from '../dashboard.service';
import { DecimalScalar } from '../../platform/graphql/scalars';
import { MeasureForecast } from './incentive-terms.type';
import { VbpDashboard } from './dashboard.type';
import { Measure } from './measure.type';

@Resolver(() => VbpDashboard)
export class DashboardResolver {
  @Query(() => VbpDashboard)
  vbpDashboard(@Ctx() { db }: VbpContext, @Arg('measurementPeriod', () => String, { nullable: true }) measurementPeriod?: string | null) {
    return vbpDashboard(db, measurementPeriod);
  }

  @FieldResolver(() => [Measure], { description: 'NOT_MET measures of non-archived programs, largest gapToBenchmark first.' })
  gaps(
    @Root() dashboard: VbpDashboard,
    @Ctx() { db }: VbpContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
  ) {
    return dashboardGaps(db, dashboard.measurementPeriod, first ?? 20);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Sums over the non-archived programs that have incentive terms.' })
  async maxIncentiveTotal(@Root() dashboard: VbpDashboard, @Ctx() { db }: VbpContext) {
    return (await dashboardForecasts(db, dashboard)).maxIncentiveTotal;
  }

  @FieldResolver(() => DecimalScalar)
  async projectedIncentiveTotal(@Root() dashboard: VbpDashboard, @Ctx() { db }: VbpContext) {
    return (await dashboardForecasts(db, dashboard)).projectedIncentiveTotal;
  }

  @FieldResolver(() => DecimalScalar)
  async potentialUpsideTotal(@Root() dashboard: VbpDashboard, @Ctx() { db }: VbpContext) {
    return (await dashboardForecasts(db, dashboard)).potentialUpsideTotal;
  }

  @FieldResolver(() => DecimalScalar)
  async potentialDownsideTotal(@Root() dashboard: VbpDashboard, @Ctx() { db }: VbpContext) {
    return (await dashboardForecasts(db, dashboard)).potentialDownsideTotal;
  }

  @FieldResolver(() => [MeasureForecast], {
    description: 'NOT_MET measures with money at stake, over the non-archived programs with terms: largest dollarsPerEvent first, then dollarsAtStake, then measure id.',
  })
  opportunities(
    @Root() dashboard: VbpDashboard,
    @Ctx() { db }: VbpContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first?: number | null,
  ) {
    return dashboardOpportunities(db, dashboard, first ?? 10);
  }
}
