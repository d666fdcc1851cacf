import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Money } from '../../domain/money';
import { DateScalar, DecimalScalar } from '../../platform/graphql/scalars';
import { CapitationPeriodStatus } from './enums';
import { CapitationContract } from './contract.type';

/** variance is computed in fields.ts; contract, retroAdjustment and reconciliations are resolved in period.resolver.ts. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'One service month of a capitation contract.' })
export class CapitationPeriod {
  @Field(() => ID) id!: string;
  @Field(() => CapitationContract) contract?: CapitationContract;
  @Field(() => DateScalar) periodStartDate!: Date;
  @Field(() => DateScalar) periodEndDate!: Date;
  @Field(() => Int) enrolledMemberCount!: number;
  @Field(() => DecimalScalar, { description: "enrolledMemberCount x the contract's pmpmRate." }) expectedRevenue!: Money;
  @Field(() => DecimalScalar) receivedRevenue!: Money;
  @Field(() => DecimalScalar, { description: 'receivedRevenue - expectedRevenue.' }) variance?: Money;
  @Field(() => CapitationPeriodStatus) status!: CapitationPeriodStatus;
  @Field(() => DecimalScalar, {
    description: 'For a RECONCILED period whose roster changed afterwards: what the roster now implies minus expectedRevenue; else 0.00.',
  })
  retroAdjustment?: Money;
}

@ObjectType()
export class CapitationRevenueMonth {
  @Field(() => DateScalar, { description: 'First day of the month.' }) month!: string;
  @Field(() => Int) enrolledMemberCount!: number;
  @Field(() => DecimalScalar) expectedRevenue!: Money;
  @Field(() => DecimalScalar) receivedRevenue!: Money;
  @Field(() => DecimalScalar) variance!: Money;
}
