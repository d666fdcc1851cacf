import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { VbpContext } from '../data/loaders';
import { DateTimeScalar } from '../../platform/graphql/scalars';
import { IncentivePayment } from './incentive-payment.type';
import { Measure } from './measure.type';
import { PerformanceLevel, performanceLevelOf } from '../model/measure-math';
import { Payer, payerOf } from '../../domain/payer.type';
import { CreateProgramInput, ProgramFilter, UpdateProgramInput } from './program.input';
import { archiveProgram, createProgram, listPrograms, updateProgram } from '../program.service';
import { Program, ProgramConnection, ProgramSummary } from './program.type';
import { summarize } from '../model/program-summary';
import { PaymentStatus } from './enums';
import { measuresOf, paymentsOf, rememberProgram } from '../data/loaders';
import { programPageReads } from './page-reads';
import type { ProgramRow } from '../data/rows';

@Resolver(() => Program)
export class ProgramResolver {
  @Query(() => ProgramConnection)
  async programs(
    @Ctx() { db }: VbpContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ProgramFilter, { nullable: true }) filter?: ProgramFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    // A dashboard asks for every program's measures, payments and terms: the page reads them, only the columns selected.
    return listPrograms(db, filter, first ?? 25, after, programPageReads(info));
  }

  @Query(() => Program, { nullable: true })
  program(@Arg('id', () => ID) id: string, @Ctx() { loaders }: VbpContext) {
    return loaders.programById.load(id);
  }

  @FieldResolver(() => [Measure], { description: 'Ordered by measureId.' })
  async measures(
    @Root() program: ProgramRow,
    @Ctx() { loaders }: VbpContext,
    @Arg('performanceLevel', () => PerformanceLevel, { nullable: true }) level?: PerformanceLevel | null,
  ) {
    const measures = await measuresOf(loaders, program);
    return level ? measures.filter((m) => performanceLevelOf(m) === level) : measures;
  }

  @FieldResolver(() => [IncentivePayment], { description: 'Ordered by paymentPeriod, then createdAt.' })
  async incentivePayments(
    @Root() program: ProgramRow,
    @Ctx() { loaders }: VbpContext,
    @Arg('status', () => PaymentStatus, { nullable: true }) status?: PaymentStatus | null,
  ) {
    const payments = await paymentsOf(loaders, program);
    return status ? payments.filter((p) => p.status === status) : payments;
  }

  @FieldResolver(() => ProgramSummary)
  async summary(@Root() program: ProgramRow, @Ctx() { loaders }: VbpContext) {
    const [measures, payments] = await Promise.all([measuresOf(loaders, program), paymentsOf(loaders, program)]);
    return summarize(measures, payments);
  }

  @Mutation(() => Program)
  async createProgram(@Arg('input', () => CreateProgramInput) input: CreateProgramInput, @Ctx() { db, loaders }: VbpContext) {
    return rememberProgram(loaders, await createProgram(db, input));
  }

  @Mutation(() => Program)
  async updateProgram(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateProgramInput) input: UpdateProgramInput,
    @Ctx() { db, loaders }: VbpContext,
  ) {
    return rememberProgram(loaders, await updateProgram(db, id, input));
  }

  @Mutation(() => Program)
  async archiveProgram(@Arg('id', () => ID) id: string, @Ctx() { db, loaders }: VbpContext) {
    return rememberProgram(loaders, await archiveProgram(db, id));
  }
}
