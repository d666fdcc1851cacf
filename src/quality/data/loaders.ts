import type { Context } from '../../platform/graphql/context';
import DataLoader from 'dataloader';
import { calendarDateOf, parseCalendarDate, toDbDate } from '../../domain/calendar-date';
import type { TenantDb } from '../../platform/db/tenant';
import type { QualityResultRow } from '../ingest.service';

export interface QualityResultKey { measureId: string; periodStart: string; periodEnd: string }

const keyOf = (k: QualityResultKey) => `${k.measureId}|${k.periodStart}|${k.periodEnd}`;

/** The caller's organization's results by (measureId, periodStart, periodEnd), batched; malformed keys load null. */
export const createQualityLoaders = (db: TenantDb) => ({
  qualityResultByKey: new DataLoader<QualityResultKey, QualityResultRow | null, string>(async (keys) => {
    const valid = keys.filter((k) => typeof k.measureId === 'string' && parseCalendarDate(k.periodStart) && parseCalendarDate(k.periodEnd));
    const rows = valid.length === 0 ? [] : await db.run((tx) => tx.qualityMeasureResult.findMany({
      where: { OR: valid.map((k) => ({ measureId: k.measureId, periodStart: toDbDate(k.periodStart as never), periodEnd: toDbDate(k.periodEnd as never) })) },
    }));
    const found = new Map(rows.map((r) => [keyOf({ measureId: r.measureId, periodStart: calendarDateOf(r.periodStart), periodEnd: calendarDateOf(r.periodEnd) }), r]));
    return keys.map((k) => found.get(keyOf(k)) ?? null);
  }, { cacheKeyFn: keyOf }),
});

export type QualityLoaders = ReturnType<typeof createQualityLoaders>;

/** What the quality module's resolvers get: the platform's context with its loaders. */
export type QualityContext = Context<QualityLoaders>;
