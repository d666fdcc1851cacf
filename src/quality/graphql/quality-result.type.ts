import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../platform/graphql/scalars';

/** rate (a decimal in the row) is computed in fields.ts. */
@Directive('@key(fields: "organizationId measureId periodStart periodEnd")')
@ObjectType({ description: 'A quality measure period result received from CL (aggregates only, never PHI).' })
export class QualityMeasureResult {
  @Field(() => ID) organizationId!: string;
  @Field() measureId!: string;
  @Field(() => DateScalar) periodStart!: Date;
  @Field(() => DateScalar) periodEnd!: Date;
  @Field(() => Int) denominatorCount!: number;
  @Field(() => Int) numeratorCount!: number;
  @Field(() => Float, { nullable: true }) rate?: number | null;
  @Field(() => DateTimeScalar, { description: 'The event timestamp of the version kept (the newest received).' }) calculatedAt!: Date;
  @Field(() => DateTimeScalar) receivedAt!: Date;
  @Field(() => String, { nullable: true }) sourceSystem!: string | null;
}

@InputType()
export class QualityMeasurePeriodCalculatedInput {
  @Field({ description: 'The event exactly as published on cl_events (snake_case JSON, see README).' }) payload!: string;
}
