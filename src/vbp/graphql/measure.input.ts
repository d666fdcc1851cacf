import { Field, Float, InputType, Int } from 'type-graphql';
import { MeasureSource } from './enums';

@InputType()
export class MeasureInput {
  @Field() measureId!: string;
  @Field() measureName!: string;
  @Field(() => Int) numerator!: number;
  @Field(() => Int) denominator!: number;
  @Field(() => Float) benchmark!: number;
  @Field(() => MeasureSource, { nullable: true, defaultValue: MeasureSource.MANUAL }) source?: MeasureSource | null;
  @Field(() => String, { nullable: true }) canonical?: string | null;
}

@InputType()
export class UpdateMeasureInput {
  @Field(() => String, { nullable: true }) measureId?: string | null;
  @Field(() => String, { nullable: true }) measureName?: string | null;
  @Field(() => Int, { nullable: true }) numerator?: number | null;
  @Field(() => Int, { nullable: true }) denominator?: number | null;
  @Field(() => Float, { nullable: true }) benchmark?: number | null;
  @Field(() => MeasureSource, { nullable: true }) source?: MeasureSource | null;
  @Field(() => String, { nullable: true, description: 'null clears it.' }) canonical?: string | null;
}
