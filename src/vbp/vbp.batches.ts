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

/**
 * An instant or date column as epoch milliseconds (an exact integer). date_part gives the epoch as a
 * double (extract would give a numeric, several times dearer for PostgreSQL, once per instant of
 * the answer): for any instant within 30,000 years of 1970 (from 4713 BC, PostgreSQL's first, to
 * AD 32,000) its error stays far below half a millisecond, so rounding lands on the stored one.
 */
const epochMs = (column: string) => Prisma.raw(`round(date_part('epoch', ${column}) * 1000)::bigint`);

/*
 * Each row travels as a JSON array of its columns in the order below (no key
 * repeated per row: a dashboard's ~750 rows cost PostgreSQL less to build and
 * JSON.parse less to read), and the functions under each become its row.
 */

/** A program row of alias `p`. */
export const PROGRAM_JSON = Prisma.sql`json_build_array(
  p.id, p.organization_id, p.payer_id, p.name, p.name_search, p.contract_type::text, p.measurement_period,
  ${epochMs('p.period_start')}, ${epochMs('p.period_end')}, p.status::text, p.notes,
  ${epochMs('p.deleted_at')}, ${epochMs('p.created_at')}, ${epochMs('p.updated_at')})`;

/** The measures of alias `x`, as a JSON array in the contract's order: measureId (byte order: the column is COLLATE "C"), then id. */
export const MEASURES_JSON = Prisma.sql`coalesce(json_agg(json_build_array(
  x.id, x.organization_id, x.program_id, x.measure_id, x.measure_name, x.numerator, x.denominator,
  x.benchmark::text, x.source::text, ${epochMs('x.last_synced_at')}, ${epochMs('x.created_at')}, ${epochMs('x.updated_at')}
) ORDER BY x.measure_id, x.id), '[]')`;

/** The payments of alias `x`, as a JSON array in the contract's order: paymentPeriod, then createdAt (then id). */
export const PAYMENTS_JSON = Prisma.sql`coalesce(json_agg(json_build_array(
  x.id, x.organization_id, x.program_id, x.payment_period, x.earned_amount::text, x.paid_amount::text, x.status::text, x.notes,
  ${epochMs('x.created_at')}, ${epochMs('x.updated_at')}
) ORDER BY x.payment_period, x.created_at, x.id), '[]')`;

/** An instant as it arrives (epoch milliseconds), as a Date. */
const date = (ms: unknown) => new Date(ms as number);
const dateOrNull = (ms: unknown) => (ms === null ? null : date(ms));

type Columns = unknown[];

/** Rows of PROGRAM_JSON. */
export const programRows = (json: Columns[]): ProgramRow[] => json.map((c) => ({
  id: c[0], organizationId: c[1], payerId: c[2], name: c[3], nameSearch: c[4], contractType: c[5], measurementPeriod: c[6],
  periodStart: dateOrNull(c[7]), periodEnd: dateOrNull(c[8]), status: c[9], notes: c[10],
  deletedAt: dateOrNull(c[11]), createdAt: date(c[12]), updatedAt: date(c[13]),
}) as ProgramRow);

/** Rows of MEASURES_JSON. */
export const measureRows = (json: Columns[]): MeasureRow[] => json.map((c) => ({
  id: c[0], organizationId: c[1], programId: c[2], measureId: c[3], measureName: c[4], numerator: c[5], denominator: c[6],
  benchmark: c[7], source: c[8], lastSyncedAt: dateOrNull(c[9]), createdAt: date(c[10]), updatedAt: date(c[11]),
}) as MeasureRow);

/** Rows of PAYMENTS_JSON. */
export const paymentRows = (json: Columns[]): PaymentRow[] => json.map((c) => ({
  id: c[0], organizationId: c[1], programId: c[2], paymentPeriod: c[3], earnedAmount: c[4], paidAmount: c[5], status: c[6], notes: c[7],
  createdAt: date(c[8]), updatedAt: date(c[9]),
}) as PaymentRow);

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
