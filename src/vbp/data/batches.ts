import { Prisma } from '../../generated/prisma/client';
import { prepared } from '../../platform/db/prepared';
import type { SqlStatements } from '../../platform/db/pool-transaction';
import { type ColumnSet, measureColumns, paymentColumns } from './columns';
import type { IncentiveTermsRow, MeasureRow, PaymentRow } from './rows';

/**
 * The hot reads (a dashboard page's programs, and every program's measures and
 * payments), built by PostgreSQL as JSON text: the client maps one text column
 * instead of every column of ~750 rows, and JSON.parse does the rest. Each row
 * travels as a JSON array of its columns (columns.ts: which, and how each
 * becomes the row's value; no key repeated per row), a program's measures and
 * payments nested in its own array: neither the organization (row-level
 * security and the filter make it the tenant's) nor a child's program id
 * travels, and the rows arrive grouped; the functions under each fill those in
 * from what the caller already holds (one string each, not one per row). They
 * run inside the caller's tenant transaction (RLS decides);
 * test/vbp/batch-rows.test.ts holds them equal to the client's rows.
 */

/** The measures of the program whose id is `programId` (SQL), as a JSON array in the contract's order: measureId (byte order: the column is COLLATE "C"), then id. */
export const measuresJson = (programId: Prisma.Sql, columns: ColumnSet<MeasureRow> = measureColumns()) => Prisma.sql`(SELECT coalesce(json_agg(
  json_build_array(${columns.items}) ORDER BY x.measure_id, x.id), '[]') FROM pm_vbp_measures x WHERE x.program_id = ${programId})`;

/** The payments of the program whose id is `programId` (SQL), as a JSON array in the contract's order: paymentPeriod, then createdAt (then id). */
export const paymentsJson = (programId: Prisma.Sql, columns: ColumnSet<PaymentRow> = paymentColumns()) => Prisma.sql`(SELECT coalesce(json_agg(
  json_build_array(${columns.items}) ORDER BY x.payment_period, x.created_at, x.id), '[]') FROM pm_vbp_incentive_payments x WHERE x.program_id = ${programId})`;

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

type Columns = unknown[];

/** Rows of one program's JSON array of `columns` (measuresJson, paymentsJson). */
export const rowsOf = <R>(columns: ColumnSet<R>, json: Columns[], organizationId: string, programId: string): R[] =>
  json.map((c) => columns.rowOf(c, organizationId, programId));

/** Rows of termsJson (none or one), of one program of the organization. */
export const termsRows = (json: Columns[], organizationId: string, programId: string): IncentiveTermsRow[] => json.map((c) => ({
  organizationId, programId, maxIncentive: c[0] as string, qualityGate: c[1] as string | null, atRiskAmount: c[2] as string,
  measureWeights: (c[3] as [string, string][]).map(([measureId, weight]) => ({ measureId, weight })),
}));

/** Each given program's children as `json` reads them (an empty list for a program that has none or is not the organization's). */
async function childrenOfPrograms<T>(
  tx: SqlStatements, organizationId: string, programIds: string[],
  json: (programId: Prisma.Sql) => Prisma.Sql, rowsOfProgram: (json: Columns[], organizationId: string, programId: string) => T[],
): Promise<Map<string, T[]>> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>(prepared`
    SELECT coalesce(json_agg(json_build_array(g.id, ${json(Prisma.sql`g.id`)})), '[]')::text AS rows
    FROM unnest(${programIds}::uuid[]) AS g(id)`);
  return new Map((JSON.parse(rows) as [string, Columns[]][]).map(([id, list]) => [id, rowsOfProgram(list, organizationId, id)]));
}

/** Each given program's measures, every column (an empty list for a program that has none or is not the organization's). */
export const measuresOfPrograms = (tx: SqlStatements, organizationId: string, programIds: string[]): Promise<Map<string, MeasureRow[]>> =>
  childrenOfPrograms(tx, organizationId, programIds, (id) => measuresJson(id), (json, org, id) => rowsOf(measureColumns(), json, org, id));

/** Each given program's payments, every column (an empty list for a program that has none or is not the organization's). */
export const paymentsOfPrograms = (tx: SqlStatements, organizationId: string, programIds: string[]): Promise<Map<string, PaymentRow[]>> =>
  childrenOfPrograms(tx, organizationId, programIds, (id) => paymentsJson(id), (json, org, id) => rowsOf(paymentColumns(), json, org, id));

/** Each given program's incentive terms, a list of none or one (none for a program that has none or is not the organization's). */
export const termsOfPrograms = (tx: SqlStatements, organizationId: string, programIds: string[]): Promise<Map<string, IncentiveTermsRow[]>> =>
  childrenOfPrograms(tx, organizationId, programIds, termsJson, termsRows);
