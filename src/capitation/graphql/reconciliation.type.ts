import { Field, ID, ObjectType } from 'type-graphql';
import type { Money } from '../../domain/money';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../platform/graphql/scalars';
import { VarianceDisposition } from './enums';
import { CapitationPeriod } from './period.type';

@ObjectType({ description: 'An append-only record of a payment received for a period and how its variance was handled.' })
export class CapitationReconciliation {
  @Field(() => ID) id!: string;
  @Field(() => CapitationPeriod) period?: CapitationPeriod;
  @Field(() => DecimalScalar) expectedAmount!: Money;
  @Field(() => DecimalScalar) receivedAmount!: Money;
  @Field(() => DecimalScalar, { description: 'receivedAmount - expectedAmount.' }) varianceAmount!: Money;
  @Field(() => VarianceDisposition) varianceDisposition!: VarianceDisposition;
  @Field(() => DateScalar) paymentDate!: Date;
  @Field(() => ID, { description: 'The user (JWT sub) who recorded it.' }) reconciledBy!: string;
  @Field(() => DateTimeScalar) reconciledAt!: Date;
  @Field(() => String, { nullable: true }) notes!: string | null;
}
