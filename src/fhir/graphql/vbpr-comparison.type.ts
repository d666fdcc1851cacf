import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { CalendarDate } from '../../domain/calendar-date';
import type { ExactMoney, Money } from '../../domain/money';
import { DateScalar, DecimalScalar } from '../../platform/graphql/scalars';
import { Measure, Program, type MeasureRow, type ProgramRow } from '../../vbp';

/** Plain data from vbpr-compare.ts; `measure` is our row, resolved further by the Measure resolver. */
@ObjectType({ description: "One measure of a payer's VBPR report beside the program's own figures." })
export class VbprMeasureComparison {
  @Field({ description: "Our measureId when the program has the measure, else the payer's code as reported (matched ignoring case and a leading HEDIS_ or hedis-)." })
  measureId!: string;
  @Field(() => Measure, { nullable: true, description: 'Our measure, when the program has a matching one.' }) measure!: MeasureRow | null;
  @Field(() => String, { nullable: true, description: "The payer's quality report's `measure` canonical, as given." }) payerCanonical!: string | null;
  @Field(() => Int, { nullable: true }) payerNumerator!: number | null;
  @Field(() => Int, { nullable: true }) payerDenominator!: number | null;
  @Field(() => Float, { nullable: true }) payerRate!: number | null;
  @Field(() => Int, { nullable: true }) numerator!: number | null;
  @Field(() => Int, { nullable: true }) denominator!: number | null;
  @Field(() => Float, { nullable: true }) rate!: number | null;
  @Field(() => Float, { nullable: true, description: 'payerRate - rate, rounded half-up to 4 decimals; null when either is unknown.' })
  rateDifference!: number | null;
  @Field({ description: 'True when both sides have the measure with the same numerator and denominator.' }) agrees!: boolean;
}

@ObjectType({ description: "A payer's VBPR Performance MeasureReport compared with the program's own figures." })
export class VbprComparison {
  @Field(() => Program) program!: ProgramRow;
  @Field(() => String, { nullable: true, description: 'The id of the Performance MeasureReport compared (README: which report is chosen).' }) reportId!: string | null;
  @Field(() => String, { nullable: true, description: 'The reporter named by the report (the payer), as given there.' }) reporter!: string | null;
  @Field(() => DateScalar) periodStart!: CalendarDate;
  @Field(() => DateScalar) periodEnd!: CalendarDate;
  @Field(() => [VbprMeasureComparison], { description: 'Every measure on either side, ordered by measureId.' }) measures!: VbprMeasureComparison[];
  @Field(() => DecimalScalar, { nullable: true, description: "The report's earned-incentive total, when it has one." }) payerEarnedIncentive!: Money | null;
  @Field(() => DecimalScalar, { description: "The program's earned total (ProgramSummary.earnedTotal)." }) earnedTotal!: ExactMoney;
  @Field(() => DecimalScalar, { nullable: true, description: 'payerEarnedIncentive - earnedTotal, when the report has an earned incentive.' })
  earnedDifference!: Money | null;
  @Field(() => [String], { description: 'What in the report was unusual but did not stop the comparison (unknown codes, missing scores).' })
  warnings!: string[];
}
