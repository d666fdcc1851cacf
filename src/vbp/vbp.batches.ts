import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../platform/db/tenant';
import type { MeasureRow, PaymentRow, ProgramRow } from './vbp.rows';

/**
 * The hot reads (a dashboard page's programs, and every program's measures and
 * payments), built by PostgreSQL as JSON text: the client maps one text column
 * instead of every column of ~750 rows, and JSON.parse does the rest. The rows
 * come out in the shape the client would give (vbp.rows.ts), except that
 * decimals stay the exact text PostgreSQL prints (`::text`, never a JSON
 * number) and instants and dates travel as epoch milliseconds (timestamptz(3)
 * holds whole milliseconds, a date is its UTC midnight, as the client gives
 * it) and become Dates here. They run inside the caller's tenant transaction
 * (RLS decides); test/vbp/batch-rows.test.ts holds them equal to the client's rows.
 */

/** An instant or date column as epoch milliseconds (an exact integer). */
const epochMs = (column: string) => Prisma.raw(`floor(extract(epoch from ${column}) * 1000)::bigint`);

/** A program row of alias `p` as a JSON object. */
export const PROGRAM_JSON = Prisma.sql`json_build_object(
  'id', p.id, 'organizationId', p.organization_id, 'payerId', p.payer_id, 'name', p.name, 'nameSearch', p.name_search,
  'contractType', p.contract_type::text, 'measurementPeriod', p.measurement_period,
  'periodStart', ${epochMs('p.period_start')}, 'periodEnd', ${epochMs('p.period_end')},
  'status', p.status::text, 'notes', p.notes, 'deletedAt', ${epochMs('p.deleted_at')},
  'createdAt', ${epochMs('p.created_at')}, 'updatedAt', ${epochMs('p.updated_at')})`;

/** The measures of alias `x`, as a JSON array in the contract's order: measureId (byte order: the column is COLLATE "C"), then id. */
export const MEASURES_JSON = Prisma.sql`coalesce(json_agg(json_build_object(
  'id', x.id, 'organizationId', x.organization_id, 'programId', x.program_id, 'measureId', x.measure_id,
  'measureName', x.measure_name, 'numerator', x.numerator, 'denominator', x.denominator,
  'benchmark', x.benchmark::text, 'source', x.source::text,
  'lastSyncedAt', ${epochMs('x.last_synced_at')}, 'createdAt', ${epochMs('x.created_at')}, 'updatedAt', ${epochMs('x.updated_at')}
) ORDER BY x.measure_id, x.id), '[]')`;

/** The payments of alias `x`, as a JSON array in the contract's order: paymentPeriod, then createdAt (then id). */
export const PAYMENTS_JSON = Prisma.sql`coalesce(json_agg(json_build_object(
  'id', x.id, 'organizationId', x.organization_id, 'programId', x.program_id, 'paymentPeriod', x.payment_period,
  'earnedAmount', x.earned_amount::text, 'paidAmount', x.paid_amount::text, 'status', x.status::text, 'notes', x.notes,
  'createdAt', ${epochMs('x.created_at')}, 'updatedAt', ${epochMs('x.updated_at')}
) ORDER BY x.payment_period, x.created_at, x.id), '[]')`;

/** An instant as it arrives in the JSON (epoch milliseconds), as a Date. */
const toDate = (ms: unknown) => new Date(ms as number);
const toDateOrNull = (ms: unknown) => (ms === null ? null : toDate(ms));

/** Parsed rows of PROGRAM_JSON, with their Dates. */
export function programRows(json: unknown[]): ProgramRow[] {
  const programs = json as ProgramRow[];
  for (const p of programs) {
    p.periodStart = toDateOrNull(p.periodStart);
    p.periodEnd = toDateOrNull(p.periodEnd);
    p.deletedAt = toDateOrNull(p.deletedAt);
    p.createdAt = toDate(p.createdAt);
    p.updatedAt = toDate(p.updatedAt);
  }
  return programs;
}

/** Parsed rows of MEASURES_JSON, with their Dates. */
export function measureRows(json: unknown[]): MeasureRow[] {
  const measures = json as MeasureRow[];
  for (const m of measures) {
    m.lastSyncedAt = toDateOrNull(m.lastSyncedAt);
    m.createdAt = toDate(m.createdAt);
    m.updatedAt = toDate(m.updatedAt);
  }
  return measures;
}

/** Parsed rows of PAYMENTS_JSON, with their Dates. */
export function paymentRows(json: unknown[]): PaymentRow[] {
  const payments = json as PaymentRow[];
  for (const p of payments) {
    p.createdAt = toDate(p.createdAt);
    p.updatedAt = toDate(p.updatedAt);
  }
  return payments;
}

export async function measuresOfPrograms(tx: Tx, programIds: string[]): Promise<MeasureRow[]> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>`
    SELECT ${MEASURES_JSON}::text AS rows FROM pm_vbp_measures x WHERE x.program_id = ANY(${programIds}::uuid[])`;
  return measureRows(JSON.parse(rows));
}

export async function paymentsOfPrograms(tx: Tx, programIds: string[]): Promise<PaymentRow[]> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>`
    SELECT ${PAYMENTS_JSON}::text AS rows FROM pm_vbp_incentive_payments x WHERE x.program_id = ANY(${programIds}::uuid[])`;
  return paymentRows(JSON.parse(rows));
}
