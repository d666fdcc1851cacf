import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type CalendarDate, calendarDateOf, todayUtc } from '../../domain/calendar-date';
import type { CapitationContext } from '../data/loaders';
import { afterGiven, checkFirst } from '../../platform/graphql/pagination';
import { DateScalar } from '../../platform/graphql/scalars';
import { Payer, payerOf } from '../../domain/payer.type';
import { CreateCapitationContractInput, UpdateCapitationContractInput } from './capitation.input';
import type { ContractRow } from '../data/rows';
import { archiveContract, createContract, listContracts, updateContract } from '../contract.service';
import { CapitationContract, CapitationContractConnection } from './contract.type';
import { CapitationPeriod } from './period.type';
import { rosterCursorOf } from '../roster.service';
import { RosterEventConnection } from './roster.type';

@Resolver(() => CapitationContract)
export class ContractResolver {
  @Query(() => CapitationContractConnection)
  capitationContracts(
    @Ctx() { db }: CapitationContext,
    @Arg('includeArchived', () => Boolean, { nullable: true, defaultValue: true }) includeArchived?: boolean | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return listContracts(db, includeArchived !== false, first ?? 25, after);
  }

  @Query(() => CapitationContract, { nullable: true })
  capitationContract(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CapitationContext) {
    return loaders.contractById.load(id);
  }

  @FieldResolver(() => Int, { description: 'Members whose latest roster event effective on or before asOf (default: today, as a UTC date) is ENROLL.' })
  enrolledMemberCount(
    @Root() contract: ContractRow,
    @Ctx() { loaders }: CapitationContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: CalendarDate | null,
  ) {
    return loaders.enrolledCount.load({ contractId: contract.id, date: asOf ?? todayUtc() });
  }

  @FieldResolver(() => [CapitationPeriod], { description: 'Ordered by periodStartDate.' })
  async periods(
    @Root() contract: ContractRow,
    @Ctx() { loaders }: CapitationContext,
    @Arg('from', () => DateScalar, { nullable: true }) from?: CalendarDate | null,
    @Arg('to', () => DateScalar, { nullable: true }) to?: CalendarDate | null,
  ) {
    const periods = await loaders.periodsByContractId.load(contract.id);
    // A period is in range when it overlaps [from, to].
    return periods.filter((p) => (!from || calendarDateOf(p.periodEndDate) >= from) && (!to || calendarDateOf(p.periodStartDate) <= to));
  }

  @FieldResolver(() => RosterEventConnection)
  rosterEvents(
    @Root() contract: ContractRow,
    @Ctx() { loaders }: CapitationContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return loaders.rosterPage.load({
      contractId: contract.id, first: checkFirst(first ?? 50), after: rosterCursorOf(after), afterGiven: afterGiven(after),
    });
  }

  @Mutation(() => CapitationContract)
  createCapitationContract(@Arg('input', () => CreateCapitationContractInput) input: CreateCapitationContractInput, @Ctx() { db }: CapitationContext) {
    return createContract(db, input);
  }

  @Mutation(() => CapitationContract)
  async updateCapitationContract(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateCapitationContractInput) input: UpdateCapitationContractInput,
    @Ctx() { db, loaders }: CapitationContext,
  ) {
    const contract = await updateContract(db, id, input);
    loaders.contractById.clear(contract.id).prime(contract.id, contract);
    return contract;
  }

  @Mutation(() => CapitationContract)
  async archiveCapitationContract(@Arg('id', () => ID) id: string, @Ctx() { db, loaders }: CapitationContext) {
    const contract = await archiveContract(db, id);
    loaders.contractById.clear(contract.id).prime(contract.id, contract);
    return contract;
  }
}
