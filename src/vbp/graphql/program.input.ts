import { Field, ID, InputType } from 'type-graphql';
import type { CalendarDate } from '../../domain/calendar-date';
import { DateScalar } from '../../platform/graphql/scalars';
import { ContractType, ProgramStatus } from './enums';

@InputType()
export class ProgramFilter {
  @Field(() => [ProgramStatus], { nullable: true }) status?: ProgramStatus[] | null;
  @Field(() => [ContractType], { nullable: true }) contractType?: ContractType[] | null;
  @Field(() => ID, { nullable: true }) payerId?: string | null;
  @Field(() => String, { nullable: true }) measurementPeriod?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Archived programs are listed unless this is false.' })
  includeArchived?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name.' }) search?: string | null;
}

@InputType()
export class CreateProgramInput {
  @Field() name!: string;
  @Field(() => ID, { nullable: true }) payerId?: string | null;
  @Field(() => ContractType) contractType!: ContractType;
  @Field() measurementPeriod!: string;
  @Field(() => DateScalar, { nullable: true }) periodStart?: CalendarDate | null;
  @Field(() => DateScalar, { nullable: true }) periodEnd?: CalendarDate | null;
  @Field(() => ProgramStatus, { nullable: true, defaultValue: ProgramStatus.ACTIVE }) status?: ProgramStatus | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
}

/** A missing field is unchanged; an explicit null clears a nullable one and is refused for a required one. */
@InputType()
export class UpdateProgramInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ID, { nullable: true }) payerId?: string | null;
  @Field(() => ContractType, { nullable: true }) contractType?: ContractType | null;
  @Field(() => String, { nullable: true }) measurementPeriod?: string | null;
  @Field(() => DateScalar, { nullable: true }) periodStart?: CalendarDate | null;
  @Field(() => DateScalar, { nullable: true }) periodEnd?: CalendarDate | null;
  @Field(() => ProgramStatus, { nullable: true }) status?: ProgramStatus | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
}
