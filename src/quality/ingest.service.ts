import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import { toDbDate } from '../domain/calendar-date';
import type { TenantDb, Tx } from '../platform/db/tenant';
import { recordClEvent } from '../platform/http/metrics';
import { type ClQualityEvent, parseClQualityEvent } from './model/cl-event.schema';
import { syncClinicalMeasures } from '../vbp';
import type { Prisma as PrismaNamespace } from '../generated/prisma/client';

export type IngestChannel = IngestSource['channel'];
export type IngestOutcome = 'STORED' | 'REPLACED' | 'DUPLICATE' | 'STALE' | 'REJECTED' | 'FORBIDDEN';
export type QualityResultRow = PrismaNamespace.QualityMeasureResultGetPayload<object>;

export type IngestResult =
  | { outcome: 'STORED' | 'REPLACED' | 'DUPLICATE' | 'STALE'; result: QualityResultRow; syncedMeasures: number }
  | { outcome: 'REJECTED'; error: string }
  | { outcome: 'FORBIDDEN' };

const EVENT_TYPE = 'cl_quality_measure_period_calculated';
/** Audit rows of events with no usable organization are written under this (matching no tenant). */
const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Contract: numerator / denominator half-up to 4 decimals; null with a zero denominator (the event's rate is only range-checked). */
const storedRate = (e: ClQualityEvent) => (e.denominator_count === 0
  ? null
  : new Decimal(e.numerator_count).div(e.denominator_count).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4));

/**
 * Keeps the event once per (organization, measure, period): a newer timestamp
 * replaces it, an equal one is a redelivery, an older one is ignored. One
 * upsert decides, so concurrent deliveries cannot both win.
 */
async function upsert(tx: Tx, e: ClQualityEvent): Promise<{ outcome: 'STORED' | 'REPLACED' | 'DUPLICATE' | 'STALE'; result: QualityResultRow }> {
  const written = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO pm_quality_measure_results AS r (organization_id, measure_id, period_start, period_end, denominator_count,
      numerator_count, rate, calculated_at, source_system, site_id, correlation_id, version)
    VALUES (${e.organization_id}::uuid, ${e.measure_id}, ${e.period_start}::date, ${e.period_end}::date, ${e.denominator_count},
      ${e.numerator_count}, ${storedRate(e)}::numeric, ${e.timestamp}::timestamptz, ${e.metadata?.source_system ?? null},
      ${e.site_id ?? null}::uuid, ${e.correlation_id ?? null}::uuid, ${e.version})
    ON CONFLICT (organization_id, measure_id, period_start, period_end) DO UPDATE SET
      denominator_count = EXCLUDED.denominator_count, numerator_count = EXCLUDED.numerator_count, rate = EXCLUDED.rate,
      calculated_at = EXCLUDED.calculated_at, received_at = now(), source_system = EXCLUDED.source_system,
      site_id = EXCLUDED.site_id, correlation_id = EXCLUDED.correlation_id, version = EXCLUDED.version
    WHERE r.calculated_at < EXCLUDED.calculated_at
    RETURNING (xmax = 0) AS inserted`;
  const result = await tx.qualityMeasureResult.findUniqueOrThrow({
    where: { organizationId_measureId_periodStart_periodEnd: {
      organizationId: e.organization_id, measureId: e.measure_id, periodStart: toDbDate(e.period_start), periodEnd: toDbDate(e.period_end),
    } },
  });
  if (written.length > 0) return { outcome: written[0].inserted ? 'STORED' : 'REPLACED', result };
  // Not written: the kept version is as new (a redelivery) or newer (this one is stale).
  return { outcome: result.calculatedAt.getTime() === new Date(e.timestamp).getTime() ? 'DUPLICATE' : 'STALE', result };
}

async function audit(tx: Tx, orgId: string | null, channel: IngestChannel, outcome: string, reason: string | null, raw: string) {
  await tx.$executeRaw`
    INSERT INTO pm_inbox (organization_id, channel, event_type, outcome, reason, payload_sha256)
    VALUES (${orgId}::uuid, ${channel}, ${EVENT_TYPE}, ${outcome}, ${reason}, ${sha256(raw)})`;
}

/**
 * Where an event comes from: the cl_events channel accepts any organization
 * (`tenantOf` opens the event's own); GraphQL only the caller's (`db`).
 */
export type IngestSource =
  | { channel: 'cl_events'; tenantOf: (orgId: string) => TenantDb }
  | { channel: 'graphql'; db: TenantDb };

/**
 * The one handler of cl_quality_measure_period_calculated, for the cl_events
 * channel and for ingestQualityMeasurePeriod alike. Validates strictly, records
 * the event in the inbox with its outcome (never its values), stores it once,
 * and syncs CLINICAL measures, all in one transaction of the event's organization.
 */
export async function ingestClQualityEvent(raw: string, source: IngestSource): Promise<IngestResult> {
  const result = await ingestOnce(raw, source);
  // After the commit: a transaction that failed has no outcome to count.
  recordClEvent(source.channel, result.outcome);
  return result;
}

async function ingestOnce(raw: string, source: IngestSource): Promise<IngestResult> {
  const { channel } = source;
  const parsed = parseClQualityEvent(raw);
  if (!parsed.ok) {
    const db = source.channel === 'graphql' ? source.db : source.tenantOf(NO_ORGANIZATION);
    const orgId = source.channel === 'graphql' ? db.orgId : null;
    await db.run((tx) => audit(tx, orgId, channel, 'REJECTED', parsed.error, raw));
    return { outcome: 'REJECTED', error: parsed.error };
  }
  const event = parsed.event;
  const orgId = event.organization_id.toLowerCase();
  if (source.channel === 'graphql' && source.db.orgId !== orgId) {
    await source.db.run((tx) => audit(tx, source.db.orgId, channel, 'REJECTED', "organization_id is not the caller's organization", raw));
    return { outcome: 'FORBIDDEN' };
  }
  const db = source.channel === 'graphql' ? source.db : source.tenantOf(orgId);
  return db.run(async (tx) => {
    const normalized = { ...event, organization_id: orgId };
    const { outcome, result } = await upsert(tx, normalized);
    const changed = outcome === 'STORED' || outcome === 'REPLACED';
    const syncedMeasures = changed && event.denominator_count > 0 ? await syncClinicalMeasures(tx, orgId, {
      measureId: event.measure_id, periodStart: event.period_start, periodEnd: event.period_end,
      numerator: event.numerator_count, denominator: event.denominator_count,
    }) : 0;
    await audit(tx, orgId, channel, outcome, null, raw);
    return { outcome, result, syncedMeasures };
  });
}
