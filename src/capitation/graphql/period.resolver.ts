import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CalendarDate } from '../../domain/calendar-date';
import { toMoney } from '../../domain/money';
import type { CapitationContext } from '../data/loaders';
import { notFound } from '../../platform/graphql/errors';
import { DateScalar, DecimalScalar } from '../../platform/graphql/scalars';
import { ReconcileCapitationPeriodInput } from './capitation.input';
import type { PeriodRow, ReconciliationRow } from '../data/rows';
import { CapitationContract } from './contract.type';
import { expectedRevenueOf } from '../model/period-math';
import { capitationRevenue, countDateOf, generatePeriods } from '../period.service';
import { CapitationPeriodStatus, retroAdjustmentOf } from '../model/period-status';
import { CapitationPeriod, CapitationRevenueMonth } from './period.type';
import { reconcilePeriod } from '../reconciliation.service';
import { CapitationReconciliation } from './reconciliation.type';

@Resolver(() => CapitationPeriod)
export class PeriodResolver {
  @Query(() => CapitationPeriod, { nullable: true })
  capitationPeriod(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CapitationContext) {
    return loaders.periodById.load(id);
  }

  @Query(() => [CapitationRevenueMonth], { description: "Month by month over the organization's contracts, from..to inclusive." })
  capitationRevenue(
    @Arg('from', () => DateScalar) from: CalendarDate,
    @Arg('to', () => DateScalar) to: CalendarDate,
    @Ctx() { db }: CapitationContext,
  ) {
    return capitationRevenue(db, from, to);
  }

  @FieldResolver(() => CapitationContract)
  async contract(@Root() period: PeriodRow, @Ctx() { loaders }: CapitationContext) {
    return (await loaders.contractById.load(period.contractId)) ?? notFound('Capitation contract');
  }

  @FieldResolver(() => DecimalScalar)
  async retroAdjustment(@Root() period: PeriodRow, @Ctx() { loaders }: CapitationContext) {
    if (period.status !== CapitationPeriodStatus.RECONCILED) return toMoney(0);
    const contract = (await loaders.contractById.load(period.contractId))!;
    const enrolled = await loaders.enrolledCount.load({ contractId: contract.id, date: countDateOf(period, contract.effectiveFrom) });
    return retroAdjustmentOf(CapitationPeriodStatus.RECONCILED, period.expectedRevenue, expectedRevenueOf(enrolled, contract.pmpmRate));
  }

  @FieldResolver(() => [CapitationReconciliation])
  reconciliations(@Root() period: PeriodRow, @Ctx() { loaders }: CapitationContext) {
    return loaders.reconciliationsByPeriodId.load(period.id);
  }

  @Mutation(() => [CapitationPeriod], { description: 'Creates missing monthly periods up to the month containing `through` and recomputes the open ones.' })
  async generateCapitationPeriods(
    @Arg('contractId', () => ID) contractId: string,
    @Arg('through', () => DateScalar) through: CalendarDate,
    @Ctx() { db, loaders }: CapitationContext,
  ) {
    const periods = await generatePeriods(db, contractId, through);
    loaders.periodsByContractId.clear(contractId);
    for (const p of periods) loaders.periodById.clear(p.id).prime(p.id, p);
    return periods;
  }

  @Mutation(() => CapitationReconciliation)
  async reconcileCapitationPeriod(
    @Arg('periodId', () => ID) periodId: string,
    @Arg('input', () => ReconcileCapitationPeriodInput) input: ReconcileCapitationPeriodInput,
    @Ctx() { db, auth, loaders, outbox }: CapitationContext,
  ): Promise<ReconciliationRow> {
    const reconciliation = await reconcilePeriod(db, auth!.userId, periodId, input);
    outbox.kick(); // committed: publish now rather than at the next periodic pass
    loaders.periodById.clear(reconciliation.periodId);
    loaders.reconciliationsByPeriodId.clear(reconciliation.periodId);
    return reconciliation;
  }
}

@Resolver(() => CapitationReconciliation)
export class ReconciliationResolver {
  @FieldResolver(() => CapitationPeriod)
  async period(@Root() reconciliation: ReconciliationRow, @Ctx() { loaders }: CapitationContext) {
    return (await loaders.periodById.load(reconciliation.periodId)) ?? notFound('Capitation period');
  }
}
