import { Field, InputType } from 'type-graphql';
import type { Money } from '../../domain/money';
import { DecimalScalar } from '../../platform/graphql/scalars';
import { PaymentStatus } from './enums';

@InputType()
export class IncentivePaymentInput {
  @Field() paymentPeriod!: string;
  @Field(() => DecimalScalar) earnedAmount!: Money;
  @Field(() => DecimalScalar) paidAmount!: Money;
  @Field(() => PaymentStatus) status!: PaymentStatus;
  @Field(() => String, { nullable: true }) notes?: string | null;
}

@InputType()
export class UpdateIncentivePaymentInput {
  @Field(() => String, { nullable: true }) paymentPeriod?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) earnedAmount?: Money | null;
  @Field(() => DecimalScalar, { nullable: true }) paidAmount?: Money | null;
  @Field(() => PaymentStatus, { nullable: true }) status?: PaymentStatus | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
}
