import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { VbpContext } from '../data/loaders';
import { incentiveTermsOf, measuresOf, rememberProgram } from '../data/loaders';
import type { ProgramRow } from '../data/rows';
import { setIncentiveTerms } from '../incentive-terms.service';
import { forecastOf } from '../model/incentive-forecast';
import { IncentiveTermsInput } from './incentive-terms.input';
import { IncentiveForecast, IncentiveTerms } from './incentive-terms.type';
import { Program } from './program.type';

/** Program's incentive terms and forecast, and the mutation that sets them (README: Incentive terms and forecast). */
@Resolver(() => Program)
export class IncentiveTermsResolver {
  @FieldResolver(() => IncentiveTerms, { nullable: true, description: 'The incentive terms agreed with the payer; null until set.' })
  incentiveTerms(@Root() program: ProgramRow, @Ctx() { loaders }: VbpContext) {
    return incentiveTermsOf(loaders, program);
  }

  @FieldResolver(() => IncentiveForecast, { nullable: true, description: "What the program earns if today's rates hold, from incentiveTerms; null without terms." })
  async incentiveForecast(@Root() program: ProgramRow, @Ctx() { loaders }: VbpContext) {
    const [terms, measures] = await Promise.all([incentiveTermsOf(loaders, program), measuresOf(loaders, program)]);
    return terms ? forecastOf(measures, terms) : null;
  }

  @Mutation(() => Program, { description: "Sets (or, with input null, removes) the program's incentive terms; needs pm.vbp.manage; archived programs are read-only." })
  async setIncentiveTerms(
    @Arg('programId', () => ID) programId: string,
    @Arg('input', () => IncentiveTermsInput, { nullable: true }) input: IncentiveTermsInput | null,
    @Ctx() { db, loaders }: VbpContext,
  ) {
    const { program, terms } = await setIncentiveTerms(db, programId, input);
    loaders.incentiveTermsByProgramId.clear(program.id).prime(program.id, terms);
    return rememberProgram(loaders, program);
  }
}
