import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../../platform/graphql/scalars';
import type { Money } from '../../domain/money';
import { PaymentStatus } from './enums';
import { Program } from './program.type';

/** variance is computed in fields.ts; program is resolved in incentive-payment.resolver.ts. */
@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true })
export class IncentivePayment {
  @Field(() => ID) id!: string;
  @Field(() => Program) program?: Program;
  @Field({ description: 'Free text, e.g. "2025-Q1".' }) paymentPeriod!: string;
  @Field(() => DecimalScalar) earnedAmount!: Money;
  @Field(() => DecimalScalar) paidAmount!: Money;
  @Field(() => DecimalScalar, { description: 'paidAmount - earnedAmount.' }) variance?: Money;
  @Field(() => PaymentStatus) status!: PaymentStatus;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}
