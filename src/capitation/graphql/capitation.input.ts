import { Field, ID, InputType } from 'type-graphql';
import type { CalendarDate } from '../../domain/calendar-date';
import type { Money } from '../../domain/money';
import { DateScalar, DecimalScalar } from '../../platform/graphql/scalars';
import { RosterEventType, RosterSource, VarianceDisposition } from './enums';

@InputType()
export class CreateCapitationContractInput {
  @Field() name!: string;
  @Field(() => ID, { nullable: true }) payerId?: string | null;
  @Field(() => DecimalScalar) pmpmRate!: Money;
  @Field(() => DateScalar) effectiveFrom!: CalendarDate;
  @Field(() => DateScalar, { nullable: true }) effectiveTo?: CalendarDate | null;
  @Field(() => RosterSource, { nullable: true, defaultValue: RosterSource.MANUAL }) rosterSource?: RosterSource | null;
}

/** A missing field is unchanged; an explicit null clears a nullable one and is refused for a required one. */
@InputType()
export class UpdateCapitationContractInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ID, { nullable: true }) payerId?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) pmpmRate?: Money | null;
  @Field(() => DateScalar, { nullable: true }) effectiveFrom?: CalendarDate | null;
  @Field(() => DateScalar, { nullable: true }) effectiveTo?: CalendarDate | null;
  @Field(() => RosterSource, { nullable: true }) rosterSource?: RosterSource | null;
}

@InputType()
export class RosterEventInput {
  @Field(() => ID, { nullable: true }) patientId?: string | null;
  @Field() memberIdExternal!: string;
  @Field(() => RosterEventType) eventType!: RosterEventType;
  @Field(() => DateScalar) effectiveDate!: CalendarDate;
  @Field(() => RosterSource, { nullable: true, defaultValue: RosterSource.MANUAL }) source?: RosterSource | null;
}

@InputType()
export class ReconcileCapitationPeriodInput {
  @Field(() => DecimalScalar) receivedAmount!: Money;
  @Field(() => DateScalar) paymentDate!: CalendarDate;
  @Field(() => VarianceDisposition, { nullable: true, description: 'Defaults to ACCEPTED when the variance is 0.00, else PENDING_REVIEW.' })
  varianceDisposition?: VarianceDisposition | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
}
