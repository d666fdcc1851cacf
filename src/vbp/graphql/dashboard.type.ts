import { Field, Int, ObjectType } from 'type-graphql';
import type { Money } from '../../domain/money';
import { DecimalScalar } from '../../platform/graphql/scalars';

import type Decimal from 'decimal.js';
import type { MeasureRow } from '../data/rows';
import type { IncentiveForecastOf } from '../model/incentive-forecast';

/** `gaps`, the incentive totals and `opportunities` are resolved in dashboard.resolver.ts. */
@ObjectType({ simpleResolvers: true })
export class VbpDashboard {
  @Field(() => Int) programCount!: number;
  @Field(() => Int) activeProgramCount!: number;
  @Field(() => Int) measureCount!: number;
  @Field(() => Int) exceededCount!: number;
  @Field(() => Int) notMetCount!: number;
  @Field(() => DecimalScalar) earnedTotal!: Money;
  @Field(() => DecimalScalar) paidTotal!: Money;
  @Field(() => DecimalScalar) outstandingTotal!: Money;
  /** Carried to the gaps resolver; not a GraphQL field. */
  measurementPeriod!: string | null;
  /** The incentive figures, read once when first asked for (dashboard.service.ts); not a GraphQL field. */
  forecasts?: Promise<DashboardForecasts>;
}

/** The dashboard's incentive figures (dashboard.service.ts dashboardForecasts). */
export interface DashboardForecasts {
  maxIncentiveTotal: Decimal; projectedIncentiveTotal: Decimal; potentialUpsideTotal: Decimal; potentialDownsideTotal: Decimal;
  forecasts: IncentiveForecastOf<MeasureRow>[];
}
