import { Field, Float, InputType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../platform/graphql/scalars';

@InputType()
export class MeasureWeightInput {
  @Field() measureId!: string;
  @Field(() => Float) weight!: number;
}

@InputType()
export class IncentiveTermsInput {
  @Field(() => DecimalScalar) maxIncentive!: Decimal;
  @Field(() => Float, { nullable: true }) qualityGate?: number | null;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: '0.00' }) atRiskAmount?: Decimal | null;
  @Field(() => [MeasureWeightInput], { nullable: true, defaultValue: [] }) measureWeights?: MeasureWeightInput[] | null;
}
