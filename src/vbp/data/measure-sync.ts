import type { Tx } from '../../platform/db/tenant';
import { normalizeMeasureCode } from '../model/measure-math';

/** A clinical result for one measure and period, as CL calculated it. */
export interface ClinicalCounts { measureId: string; periodStart: string; periodEnd: string; numerator: number; denominator: number }

/**
 * Contract: CLINICAL measures of non-archived programs whose period equals the
 * result's and whose measureId matches (both lower-cased, one leading `hedis_`
 * stripped) take its numerator and denominator and set lastSyncedAt. MANUAL
 * measures and archived programs are untouched. Runs in the caller's tenant
 * transaction; returns how many changed.
 */
export function syncClinicalMeasures(tx: Tx, orgId: string, counts: ClinicalCounts): Promise<number> {
  return tx.$executeRaw`
    UPDATE pm_vbp_measures m
    SET numerator = ${counts.numerator}, denominator = ${counts.denominator}, last_synced_at = now()
    FROM pm_vbp_programs p
    WHERE p.id = m.program_id AND p.organization_id = ${orgId}::uuid AND m.organization_id = ${orgId}::uuid
      AND p.deleted_at IS NULL AND m.source = 'CLINICAL'
      AND p.period_start = ${counts.periodStart}::date AND p.period_end = ${counts.periodEnd}::date
      AND regexp_replace(lower(m.measure_id), '^hedis_', '') = ${normalizeMeasureCode(counts.measureId)}`;
}
