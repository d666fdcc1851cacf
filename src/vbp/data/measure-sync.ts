import type { Tx } from '../../platform/db/tenant';
import { type ClQualityEvent, normalizeMeasureCode } from '../../quality/model/cl-event.schema';

/**
 * Contract: CLINICAL measures of non-archived programs whose period equals the
 * event's and whose measureId matches (both lower-cased, one leading `hedis_`
 * stripped) take its numerator and denominator and set lastSyncedAt. MANUAL
 * measures and archived programs are untouched. Returns how many changed.
 */
export function syncClinicalMeasures(tx: Tx, orgId: string, event: ClQualityEvent): Promise<number> {
  return tx.$executeRaw`
    UPDATE pm_vbp_measures m
    SET numerator = ${event.numerator_count}, denominator = ${event.denominator_count}, last_synced_at = now()
    FROM pm_vbp_programs p
    WHERE p.id = m.program_id AND p.organization_id = ${orgId}::uuid AND m.organization_id = ${orgId}::uuid
      AND p.deleted_at IS NULL AND m.source = 'CLINICAL'
      AND p.period_start = ${event.period_start}::date AND p.period_end = ${event.period_end}::date
      AND regexp_replace(lower(m.measure_id), '^hedis_', '') = ${normalizeMeasureCode(event.measure_id)}`;
}
