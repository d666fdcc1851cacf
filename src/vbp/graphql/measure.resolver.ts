import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { VbpContext } from '../data/loaders';
import { MeasureInput, UpdateMeasureInput } from './measure.input';
import { addMeasure, deleteMeasure, updateMeasure } from '../measure.service';
import { Measure } from './measure.type';
import { Program } from './program.type';
import { childDeleted, childWritten } from '../data/loaders';
import type { MeasureRow } from '../data/rows';

@Resolver(() => Measure)
export class MeasureResolver {
  @Query(() => Measure, { nullable: true })
  measure(@Arg('id', () => ID) id: string, @Ctx() { loaders }: VbpContext) {
    return loaders.measureById.load(id);
  }

  @FieldResolver(() => Program)
  program(@Root() measure: MeasureRow, @Ctx() { loaders }: VbpContext) {
    return loaders.programById.load(measure.programId);
  }

  @Mutation(() => Measure)
  async addMeasure(
    @Arg('programId', () => ID) programId: string,
    @Arg('input', () => MeasureInput) input: MeasureInput,
    @Ctx() { db, loaders }: VbpContext,
  ) {
    return childWritten(loaders, await addMeasure(db, programId, input));
  }

  @Mutation(() => Measure)
  async updateMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateMeasureInput) input: UpdateMeasureInput,
    @Ctx() { db, loaders }: VbpContext,
  ) {
    return childWritten(loaders, await updateMeasure(db, id, input));
  }

  @Mutation(() => ID, { description: 'Hard delete; returns the deleted id.' })
  async deleteMeasure(@Arg('id', () => ID) id: string, @Ctx() { db, loaders }: VbpContext) {
    return childDeleted(loaders, loaders.measureById, await deleteMeasure(db, id));
  }
}
