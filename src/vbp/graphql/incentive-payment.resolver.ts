import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { VbpContext } from '../data/loaders';
import { IncentivePaymentInput, UpdateIncentivePaymentInput } from './incentive-payment.input';
import { deleteIncentivePayment, recordIncentivePayment, updateIncentivePayment } from '../incentive-payment.service';
import { IncentivePayment } from './incentive-payment.type';
import { Program } from './program.type';
import { childDeleted, childWritten } from '../data/loaders';
import type { PaymentRow } from '../data/rows';

@Resolver(() => IncentivePayment)
export class IncentivePaymentResolver {
  @Query(() => IncentivePayment, { nullable: true })
  incentivePayment(@Arg('id', () => ID) id: string, @Ctx() { loaders }: VbpContext) {
    return loaders.paymentById.load(id);
  }

  @FieldResolver(() => Program)
  program(@Root() payment: PaymentRow, @Ctx() { loaders }: VbpContext) {
    return loaders.programById.load(payment.programId);
  }

  @Mutation(() => IncentivePayment)
  async recordIncentivePayment(
    @Arg('programId', () => ID) programId: string,
    @Arg('input', () => IncentivePaymentInput) input: IncentivePaymentInput,
    @Ctx() { db, loaders }: VbpContext,
  ) {
    return childWritten(loaders, await recordIncentivePayment(db, programId, input));
  }

  @Mutation(() => IncentivePayment)
  async updateIncentivePayment(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateIncentivePaymentInput) input: UpdateIncentivePaymentInput,
    @Ctx() { db, loaders }: VbpContext,
  ) {
    return childWritten(loaders, await updateIncentivePayment(db, id, input));
  }

  @Mutation(() => ID, { description: 'Hard delete; returns the deleted id.' })
  async deleteIncentivePayment(@Arg('id', () => ID) id: string, @Ctx() { db, loaders }: VbpContext) {
    return childDeleted(loaders, loaders.paymentById, await deleteIncentivePayment(db, id));
  }
}
