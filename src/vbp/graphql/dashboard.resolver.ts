import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { VbpContext } from '../data/loaders';
import { dashboardGaps, vbpDashboard } from '../dashboard.service';
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
}
