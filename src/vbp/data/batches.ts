import { Prisma } from '../../generated/prisma/client';
import { prepared } from '../../platform/db/prepared';
import type { SqlStatements } from '../../platform/db/pool-transaction';
import type { IncentiveTermsRow, MeasureRow, PaymentRow, ProgramRow } from './rows';

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
 * repeated per row), a program's measures and payments nested in its own
 * array: neither the organization (row-level security and the filter make it
 * the tenant's) nor a child's program id travels, and the rows arrive grouped.
 * The functions under each become its rows, the organization and program ids
 * filled in from what the caller already holds (one string each, not one per row).
 */

/** The measures of the program whose id is `programId` (SQL), as a JSON array in the contract's order: measureId (byte order: the column is COLLATE "C"), then id. */
export const measuresJson = (programId: Prisma.Sql) => Prisma.sql`(SELECT coalesce(json_agg(json_build_array(
  x.id, x.measure_id, x.measure_name, x.numerator, x.denominator, x.benchmark::text, x.source::text,
  ${epochMs('x.last_synced_at')}, ${epochMs('x.created_at')}, ${epochMs('x.updated_at')}, x.canonical
) ORDER BY x.measure_id, x.id), '[]') FROM pm_vbp_measures x WHERE x.program_id = ${programId})`;

/** The payments of the program whose id is `programId` (SQL), as a JSON array in the contract's order: paymentPeriod, then createdAt (then id). */
export const paymentsJson = (programId: Prisma.Sql) => Prisma.sql`(SELECT coalesce(json_agg(json_build_array(
  x.id, x.payment_period, x.earned_amount::text, x.paid_amount::text, x.status::text, x.notes,
  ${epochMs('x.created_at')}, ${epochMs('x.updated_at')}
) ORDER BY x.payment_period, x.created_at, x.id), '[]') FROM pm_vbp_incentive_payments x WHERE x.program_id = ${programId})`;

/**
 * The incentive terms of the program whose id is `programId` (SQL), as a JSON array of none or one:
 * maxIncentive, qualityGate (as stored: its shortest decimal form), atRiskAmount, then its weights
 * ordered by measureId (byte order: the column is COLLATE "C").
 */
export const termsJson = (programId: Prisma.Sql) => Prisma.sql`(SELECT coalesce(json_agg(json_build_array(
  t.max_incentive::text, t.quality_gate::text, t.at_risk_amount::text,
  (SELECT coalesce(json_agg(json_build_array(w.measure_id, w.weight::text) ORDER BY w.measure_id), '[]')
   FROM pm_vbp_measure_weights w WHERE w.program_id = t.program_id)
)), '[]') FROM pm_vbp_incentive_terms t WHERE t.program_id = ${programId})`;

/** A program row of alias `p`, then its measures, payments and terms (JSON arrays, or null where not read). */
export const programJson = (measures: Prisma.Sql, payments: Prisma.Sql, terms: Prisma.Sql = Prisma.sql`NULL::json`) => Prisma.sql`json_build_array(
  p.id, p.payer_id, p.name, p.name_search, p.contract_type::text, p.measurement_period,
  ${epochMs('p.period_start')}, ${epochMs('p.period_end')}, p.status::text, p.notes,
  ${epochMs('p.deleted_at')}, ${epochMs('p.created_at')}, ${epochMs('p.updated_at')}, ${measures}, ${payments}, ${terms})`;

/** An instant as it arrives (epoch milliseconds), as a Date. */
const date = (ms: unknown) => new Date(ms as number);
const dateOrNull = (ms: unknown) => (ms === null ? null : date(ms));

type Columns = unknown[];

/** Rows of measuresJson, of one program of the organization. */
export const measureRows = (json: Columns[], organizationId: string, programId: string): MeasureRow[] => json.map((c) => ({
  id: c[0], organizationId, programId, measureId: c[1], measureName: c[2], numerator: c[3], denominator: c[4],
  benchmark: c[5], source: c[6], lastSyncedAt: dateOrNull(c[7]), createdAt: date(c[8]), updatedAt: date(c[9]),
  canonical: c[10],
}) as MeasureRow);

/** Rows of paymentsJson, of one program of the organization. */
export const paymentRows = (json: Columns[], organizationId: string, programId: string): PaymentRow[] => json.map((c) => ({
  id: c[0], organizationId, programId, paymentPeriod: c[1], earnedAmount: c[2], paidAmount: c[3], status: c[4], notes: c[5],
  createdAt: date(c[6]), updatedAt: date(c[7]),
}) as PaymentRow);

/** Rows of termsJson (none or one), of one program of the organization. */
export const termsRows = (json: Columns[], organizationId: string, programId: string): IncentiveTermsRow[] => json.map((c) => ({
  organizationId, programId, maxIncentive: c[0] as string, qualityGate: c[1] as string | null, atRiskAmount: c[2] as string,
  measureWeights: (c[3] as [string, string][]).map(([measureId, weight]) => ({ measureId, weight })),
}));

export interface ProgramWithChildren {
  program: ProgramRow;
  /** Absent where not read. */
  measures?: MeasureRow[];
  payments?: PaymentRow[];
  /** Absent where not read; an empty list when the program has no terms. */
  terms?: IncentiveTermsRow[];
}

/** Rows of programJson, of the organization. */
export const programRows = (json: Columns[], organizationId: string): ProgramWithChildren[] => json.map((c) => {
  const id = c[0] as string;
  return {
    program: {
      id, organizationId, payerId: c[1], name: c[2], nameSearch: c[3], contractType: c[4], measurementPeriod: c[5],
      periodStart: dateOrNull(c[6]), periodEnd: dateOrNull(c[7]), status: c[8], notes: c[9],
      deletedAt: dateOrNull(c[10]), createdAt: date(c[11]), updatedAt: date(c[12]),
    } as ProgramRow,
    measures: c[13] === null ? undefined : measureRows(c[13] as Columns[], organizationId, id),
    payments: c[14] === null ? undefined : paymentRows(c[14] as Columns[], organizationId, id),
    terms: c[15] === null || c[15] === undefined ? undefined : termsRows(c[15] as Columns[], organizationId, id),
  };
});

/** Each given program's children as `json` reads them (an empty list for a program that has none or is not the organization's). */
async function childrenOfPrograms<T>(
  tx: SqlStatements, organizationId: string, programIds: string[],
  json: (programId: Prisma.Sql) => Prisma.Sql, rowsOf: (json: Columns[], organizationId: string, programId: string) => T[],
): Promise<Map<string, T[]>> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>(prepared`
    SELECT coalesce(json_agg(json_build_array(g.id, ${json(Prisma.sql`g.id`)})), '[]')::text AS rows
    FROM unnest(${programIds}::uuid[]) AS g(id)`);
  return new Map((JSON.parse(rows) as [string, Columns[]][]).map(([id, list]) => [id, rowsOf(list, organizationId, id)]));
}

/** Each given program's measures (an empty list for a program that has none or is not the organization's). */
export const measuresOfPrograms = (tx: SqlStatements, organizationId: string, programIds: string[]): Promise<Map<string, MeasureRow[]>> =>
  childrenOfPrograms(tx, organizationId, programIds, measuresJson, measureRows);

/** Each given program's payments (an empty list for a program that has none or is not the organization's). */
export const paymentsOfPrograms = (tx: SqlStatements, organizationId: string, programIds: string[]): Promise<Map<string, PaymentRow[]>> =>
  childrenOfPrograms(tx, organizationId, programIds, paymentsJson, paymentRows);

/** Each given program's incentive terms, a list of none or one (none for a program that has none or is not the organization's). */
export const termsOfPrograms = (tx: SqlStatements, organizationId: string, programIds: string[]): Promise<Map<string, IncentiveTermsRow[]>> =>
  childrenOfPrograms(tx, organizationId, programIds, termsJson, termsRows);
