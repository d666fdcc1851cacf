import { Prisma } from '../../generated/prisma/client';
import { prepared } from '../../platform/db/prepared';
import type { SqlStatements } from '../../platform/db/pool-transaction';
import { measuresJson, rowsOf, termsJson, termsRows } from './batches';
import { measureColumns } from './columns';
import type { IncentiveTermsRow, MeasureRow } from './rows';

/**
 * The dashboard's reads (dashboard.service.ts). Its totals and gaps cover
 * every measure of the organization's programs, so they are counted and
 * ordered where the rows are: the measure's performance is computed in SQL,
 * as measure-math.ts computes it, in exact numeric arithmetic (integer counts,
 * a numeric(5,4) benchmark); test/vbp/dashboard-math.test.ts holds the two
 * equal on their boundary cases.
 */

/** performanceLevelOf(x) === EXCEEDED, on alias `x` of pm_vbp_measures. */
export const EXCEEDED_SQL = Prisma.sql`x.numerator >= x.benchmark * x.denominator`;
/** gapToBenchmarkOf(x): max(0, ceil(benchmark × denominator) − numerator). */
export const GAP_SQL = Prisma.sql`greatest(0, ceil(x.benchmark * x.denominator) - x.numerator)`;

/** The dashboard's programs (alias `p`): the organization's non-archived ones, only those of `measurementPeriod` when given. */
const inScope = (measurementPeriod: string | null) => (measurementPeriod === null
  ? Prisma.sql`p.deleted_at IS NULL`
  : Prisma.sql`p.deleted_at IS NULL AND p.measurement_period = ${measurementPeriod}`);

export interface DashboardTotals {
  programCount: number; activeProgramCount: number; measureCount: number; exceededCount: number;
  /** Exact decimal text. */
  earnedTotal: string; paidTotal: string;
}

/** The counts and sums of the dashboard's programs, one statement. */
export async function readDashboardTotals(sql: SqlStatements, measurementPeriod: string | null): Promise<DashboardTotals> {
  const scope = inScope(measurementPeriod);
  const [totals] = await sql.$queryRaw<DashboardTotals[]>(Prisma.sql`
    SELECT
      (SELECT count(*) FROM pm_vbp_programs p WHERE ${scope})::int AS "programCount",
      (SELECT count(*) FROM pm_vbp_programs p WHERE ${scope} AND p.status = 'ACTIVE')::int AS "activeProgramCount",
      m."measureCount", m."exceededCount", pay."earnedTotal", pay."paidTotal"
    FROM (SELECT count(*)::int AS "measureCount", (count(*) FILTER (WHERE ${EXCEEDED_SQL}))::int AS "exceededCount"
          FROM pm_vbp_measures x JOIN pm_vbp_programs p ON p.id = x.program_id WHERE ${scope}) m,
         (SELECT coalesce(sum(x.earned_amount), 0)::text AS "earnedTotal", coalesce(sum(x.paid_amount), 0)::text AS "paidTotal"
          FROM pm_vbp_incentive_payments x JOIN pm_vbp_programs p ON p.id = x.program_id WHERE ${scope}) pay`);
  return totals;
}

/** NOT_MET measures of the dashboard's programs, largest gapToBenchmark first (then measureId, id); every column. */
export async function readDashboardGaps(sql: SqlStatements, organizationId: string, measurementPeriod: string | null, first: number): Promise<MeasureRow[]> {
  const columns = measureColumns();
  const [{ rows }] = await sql.$queryRaw<{ rows: string }[]>(prepared`
    SELECT coalesce(json_agg(json_build_array(x.program_id, ${columns.items}) ORDER BY x.gap DESC, x.measure_id, x.id), '[]')::text AS rows
    FROM (SELECT x.*, ${GAP_SQL} AS gap FROM pm_vbp_measures x JOIN pm_vbp_programs p ON p.id = x.program_id
          WHERE ${inScope(measurementPeriod)} AND NOT (${EXCEEDED_SQL})
          ORDER BY gap DESC, x.measure_id, x.id LIMIT ${first}) x`);
  return (JSON.parse(rows) as unknown[][]).map(([programId, ...json]) => columns.rowOf(json, organizationId, programId as string));
}

export interface ProgramTermsAndMeasures { programId: string; terms: IncentiveTermsRow; measures: MeasureRow[] }

/**
 * The terms and measures of every dashboard program that has terms: one statement whatever their
 * number, built as JSON by PostgreSQL like the page read (batches.ts).
 */
export async function termsAndMeasuresIn(sql: SqlStatements, organizationId: string, measurementPeriod: string | null): Promise<ProgramTermsAndMeasures[]> {
  const [{ rows }] = await sql.$queryRaw<{ rows: string }[]>(prepared`
    SELECT coalesce(json_agg(json_build_array(p.id, ${termsJson(Prisma.sql`p.id`)}, ${measuresJson(Prisma.sql`p.id`)}) ORDER BY p.id), '[]')::text AS rows
    FROM pm_vbp_programs p
    WHERE p.organization_id = ${organizationId}::uuid AND ${inScope(measurementPeriod)}
      AND EXISTS (SELECT 1 FROM pm_vbp_incentive_terms t WHERE t.program_id = p.id)`);
  return (JSON.parse(rows) as [string, unknown[][], unknown[][]][]).map(([programId, terms, measures]) => ({
    programId,
    terms: termsRows(terms, organizationId, programId)[0],
    measures: rowsOf(measureColumns(), measures, organizationId, programId),
  }));
}
