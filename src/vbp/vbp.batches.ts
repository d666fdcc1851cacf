import type { Tx } from '../platform/db/tenant';
import type { MeasureRow, PaymentRow } from './vbp.rows';

/**
 * The two hot batch reads (every program of a dashboard page asks for its measures and payments),
 * built by PostgreSQL as one JSON text each: the client maps one text column instead of every
 * column of ~750 rows, and JSON.parse does the rest. The rows come out in the shape the client
 * would give (vbp.rows.ts), except that decimals stay the exact text PostgreSQL prints
 * (`::text`, never a JSON number) and instants travel as epoch milliseconds (timestamptz(3)
 * holds whole milliseconds, so the integer is exact) and become Dates here.
 * Still one statement per relation and batch, inside the caller's tenant transaction (RLS decides).
 */

/** An instant as it arrives in the JSON (epoch milliseconds), as a Date. */
const toDate = (ms: unknown) => new Date(ms as number);

/** Contract: ordered by measureId (byte order: the column is COLLATE "C"), then id. */
export async function measuresOfPrograms(tx: Tx, programIds: string[]): Promise<MeasureRow[]> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>`
    SELECT coalesce(json_agg(json_build_object(
      'id', x.id, 'organizationId', x.organization_id, 'programId', x.program_id, 'measureId', x.measure_id,
      'measureName', x.measure_name, 'numerator', x.numerator, 'denominator', x.denominator,
      'benchmark', x.benchmark::text, 'source', x.source::text,
      'lastSyncedAt', floor(extract(epoch from x.last_synced_at) * 1000)::bigint,
      'createdAt', floor(extract(epoch from x.created_at) * 1000)::bigint,
      'updatedAt', floor(extract(epoch from x.updated_at) * 1000)::bigint
    ) ORDER BY x.measure_id, x.id), '[]')::text AS rows
    FROM pm_vbp_measures x WHERE x.program_id = ANY(${programIds}::uuid[])`;
  const measures = JSON.parse(rows) as MeasureRow[];
  for (const m of measures) {
    if (m.lastSyncedAt !== null) m.lastSyncedAt = toDate(m.lastSyncedAt);
    m.createdAt = toDate(m.createdAt);
    m.updatedAt = toDate(m.updatedAt);
  }
  return measures;
}

/** Contract: ordered by paymentPeriod, then createdAt (then id). */
export async function paymentsOfPrograms(tx: Tx, programIds: string[]): Promise<PaymentRow[]> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>`
    SELECT coalesce(json_agg(json_build_object(
      'id', x.id, 'organizationId', x.organization_id, 'programId', x.program_id, 'paymentPeriod', x.payment_period,
      'earnedAmount', x.earned_amount::text, 'paidAmount', x.paid_amount::text, 'status', x.status::text,
      'notes', x.notes,
      'createdAt', floor(extract(epoch from x.created_at) * 1000)::bigint,
      'updatedAt', floor(extract(epoch from x.updated_at) * 1000)::bigint
    ) ORDER BY x.payment_period, x.created_at, x.id), '[]')::text AS rows
    FROM pm_vbp_incentive_payments x WHERE x.program_id = ANY(${programIds}::uuid[])`;
  const payments = JSON.parse(rows) as PaymentRow[];
  for (const p of payments) {
    p.createdAt = toDate(p.createdAt);
    p.updatedAt = toDate(p.updatedAt);
  }
  return payments;
}
