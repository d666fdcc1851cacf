import { type CalendarDate, toDbDate } from '../domain/calendar-date';
import type { TenantDb } from '../platform/db/tenant';
import { badInput } from '../platform/graphql/errors';
import type { QualityResultRow } from './ingest.service';

/** Contract: results whose period lies within [periodStart, periodEnd], ordered by measureId, periodStart. */
export function listQualityResults(db: TenantDb, periodStart: CalendarDate, periodEnd: CalendarDate): Promise<QualityResultRow[]> {
  if (periodEnd < periodStart) throw badInput('periodEnd', 'periodEnd must not be before periodStart');
  return db.run((tx) => tx.qualityMeasureResult.findMany({
    where: { organizationId: db.orgId, periodStart: { gte: toDbDate(periodStart) }, periodEnd: { lte: toDbDate(periodEnd) } },
    orderBy: [{ measureId: 'asc' }, { periodStart: 'asc' }, { periodEnd: 'asc' }],
  }));
}
