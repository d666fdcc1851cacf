import { randomUUID } from 'node:crypto';

/** A valid cl_quality_measure_period_calculated payload for `orgId`, with overrides. */
export const clEvent = (orgId: string, overrides: Record<string, unknown> = {}) => ({
  event_type: 'cl_quality_measure_period_calculated',
  organization_id: orgId,
  timestamp: '2026-01-05T10:00:00.000Z',
  correlation_id: randomUUID(),
  measure_id: 'HEDIS_AMM',
  period_start: '2025-01-01',
  period_end: '2025-12-31',
  denominator_count: 120,
  numerator_count: 90,
  metadata: { source_system: 'EPIC' },
  ...overrides,
});

export const INGEST = `mutation ($payload: String!) { ingestQualityMeasurePeriod(input: { payload: $payload }) {
  organizationId measureId periodStart periodEnd denominatorCount numeratorCount rate calculatedAt receivedAt sourceSystem } }`;
