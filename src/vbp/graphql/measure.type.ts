import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../platform/graphql/scalars';
import { MeasureSource, PerformanceLevel } from './enums';
import { Program } from './program.type';

/** rate, performanceLevel, gapToBenchmark and benchmark are computed in fields.ts; program is resolved in measure.resolver.ts. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A quality measure tracked by a program (e.g. HEDIS BCS).', simpleResolvers: true })
export class Measure {
  @Field(() => ID) id!: string;
  @Field(() => Program) program?: Program;
  @Field({ description: 'External identifier, e.g. HEDIS code "BCS"; unique within a program.' }) measureId!: string;
  @Field() measureName!: string;
  @Field(() => Int) numerator!: number;
  @Field(() => Int) denominator!: number;
  @Field(() => Float) benchmark!: number;
  @Field(() => Float, { description: 'numerator / denominator, rounded half-up to 4 decimal places.' }) rate?: number;
  @Field(() => PerformanceLevel) performanceLevel?: PerformanceLevel;
  @Field(() => Int, { description: 'How many more numerator events are needed to reach the benchmark; 0 when EXCEEDED.' })
  gapToBenchmark?: number;
  @Field(() => String, {
    nullable: true,
    description: "The measure's FHIR canonical, `url` or `url|version` (e.g. an NCQA or CMS eCQM Measure url); names the measure in VBPR exchanges.",
  })
  canonical!: string | null;
  @Field(() => MeasureSource) source!: MeasureSource;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the clinical feed last set numerator/denominator (CLINICAL measures).' })
  lastSyncedAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}
