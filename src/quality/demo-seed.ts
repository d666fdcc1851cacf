import type { SeedDeps } from '../platform/module';
import { ingestClQualityEvent } from './ingest.service';

/** What CL would have calculated for the demo organization: 2024 and 2025 results of four HEDIS measures. */
const RESULTS: [measureId: string, year: number, numerator: number, denominator: number][] = [
  ['CBP', 2025, 236, 318], ['HBD', 2025, 141, 226], ['BCS', 2025, 301, 402], ['COL', 2025, 355, 517],
  ['CBP', 2024, 198, 311], ['HBD', 2024, 133, 219], ['BCS', 2024, 288, 395], ['COL', 2024, 340, 509],
];

/**
 * Through the one ingest path, as CL's events arrive: the results are stored,
 * audited in the inbox, and the demo's CLINICAL measures synced from them
 * (vbp seeds first: modules seed in list order).
 */
export async function seedQualityDemo({ db, log }: SeedDeps): Promise<void> {
  for (const [measureId, year, numerator, denominator] of RESULTS) {
    const event = {
      event_type: 'cl_quality_measure_period_calculated', organization_id: db.orgId, timestamp: `${year + 1}-01-15T06:00:00Z`,
      measure_id: measureId, period_start: `${year}-01-01`, period_end: `${year}-12-31`,
      numerator_count: numerator, denominator_count: denominator, metadata: { source_system: 'demo-seed' },
    };
    const result = await ingestClQualityEvent(JSON.stringify(event), { channel: 'graphql', db });
    if (result.outcome === 'REJECTED' || result.outcome === 'FORBIDDEN') log.warn({ measureId, outcome: result.outcome }, 'demo quality result not stored');
  }
}
