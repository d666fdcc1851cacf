import { Arg, Ctx, FieldResolver, Float, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CalendarDate } from '../../domain/calendar-date';
import type { QualityContext } from '../data/loaders';
import { badInput, forbidden } from '../../platform/graphql/errors';
import { DateScalar } from '../../platform/graphql/scalars';
import { ingestClQualityEvent, type QualityResultRow } from '../ingest.service';
import { QualityMeasurePeriodCalculatedInput, QualityMeasureResult } from './quality-result.type';
import { listQualityResults } from '../quality-result.service';

@Resolver(() => QualityMeasureResult)
export class QualityResultResolver {
  @Query(() => [QualityMeasureResult], { description: 'Results received from CL whose period lies within [periodStart, periodEnd]; [] when none.' })
  qualityMeasureResults(
    @Arg('periodStart', () => DateScalar) periodStart: CalendarDate,
    @Arg('periodEnd', () => DateScalar) periodEnd: CalendarDate,
    @Ctx() { db }: QualityContext,
  ) {
    return listQualityResults(db, periodStart, periodEnd);
  }

  @Mutation(() => QualityMeasureResult, { description: "For CL's publisher (permission pm.quality.ingest): the same handling as an event on cl_events." })
  async ingestQualityMeasurePeriod(
    @Arg('input', () => QualityMeasurePeriodCalculatedInput) input: QualityMeasurePeriodCalculatedInput,
    @Ctx() { db }: QualityContext,
  ) {
    const ingested = await ingestClQualityEvent(input.payload, { channel: 'graphql', db });
    if (ingested.outcome === 'REJECTED') throw badInput('input.payload', ingested.error);
    if (ingested.outcome === 'FORBIDDEN') throw forbidden('organization_id must be the organization of the token');
    return ingested.result;
  }
}
