import { Field, Float, Int, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../platform/graphql/scalars';
import type { DecimalText, MeasureRow } from '../data/rows';
import { Measure } from './measure.type';

/** qualityGate and weight are read from their stored text in fields.ts. */
@ObjectType({ simpleResolvers: true })
export class MeasureWeight {
  @Field() measureId!: string;
  @Field(() => Float) weight!: DecimalText;
}

@ObjectType({ description: "How a program's quality incentive is earned (README: Incentive terms and forecast).", simpleResolvers: true })
export class IncentiveTerms {
  @Field(() => DecimalScalar, { description: 'The most the program can earn for quality in its period (the pool).' })
  maxIncentive!: DecimalText;
  @Field(() => Float, { nullable: true, description: 'Share of the total weight that must be EXCEEDED for any payout, in [0, 1]; null: no gate.' })
  qualityGate!: DecimalText | null;
  @Field(() => DecimalScalar, { description: 'Withheld by the payer and lost when the gate is missed; 0.00 when nothing is at risk.' })
  atRiskAmount!: DecimalText;
  @Field(() => [MeasureWeight], { description: 'Weights by measureId; empty: every measure weighs 1.' })
  measureWeights!: MeasureWeight[];
}

@ObjectType({ simpleResolvers: true })
export class MeasureForecast {
  @Field(() => Measure) measure!: MeasureRow;
  @Field(() => Float) weight!: number;
  @Field(() => DecimalScalar, { description: 'maxIncentive x weight / total weight, rounded half-up to cents.' })
  dollarsAtStake!: Decimal;
  @Field(() => DecimalScalar, { description: 'dollarsAtStake when EXCEEDED and the gate is met, else 0.00.' })
  projectedEarned!: Decimal;
  @Field(() => Int, { description: "The measure's gapToBenchmark." })
  eventsToBenchmark!: number;
  @Field(() => DecimalScalar, { nullable: true, description: 'dollarsAtStake / eventsToBenchmark rounded half-up to cents; null when EXCEEDED or nothing is at stake.' })
  dollarsPerEvent!: Decimal | null;
}

@ObjectType({ simpleResolvers: true })
export class IncentiveForecast {
  @Field(() => DecimalScalar) maxIncentive!: Decimal;
  @Field(() => DecimalScalar, { description: "Earned if every measure keeps today's performanceLevel: the EXCEEDED shares when the gate is met, else 0.00." })
  projectedIncentive!: Decimal;
  @Field(() => DecimalScalar, { description: 'maxIncentive - projectedIncentive.' })
  potentialUpside!: Decimal;
  @Field(() => DecimalScalar, { description: 'atRiskAmount when the gate is missed today, else 0.00.' })
  potentialDownside!: Decimal;
  @Field(() => Boolean, { nullable: true, description: 'null when the terms have no gate.' })
  qualityGateMet!: boolean | null;
  @Field(() => Float, { nullable: true, description: 'EXCEEDED weight / total weight, rounded half-up to 4 decimals; null when the total weight is 0.' })
  exceededWeightShare!: number | null;
  @Field(() => [MeasureForecast], { description: 'Every measure of the program, largest dollarsAtStake first, then measureId.' })
  measures!: MeasureForecast[];
}
