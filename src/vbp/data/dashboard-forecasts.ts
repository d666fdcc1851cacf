import { Prisma } from '../../generated/prisma/client';
import { prepared } from '../../platform/db/prepared';
import type { SqlStatements } from '../../platform/db/pool-transaction';
import { measuresJson, rowsOf, termsJson, termsRows } from './batches';
import { measureColumns } from './columns';
import type { IncentiveTermsRow, MeasureRow } from './rows';

export interface ProgramTermsAndMeasures { programId: string; terms: IncentiveTermsRow; measures: MeasureRow[] }

/**
 * The terms and measures of every program in `scope` (SQL on alias `p`) that has terms: one
 * statement whatever their number, built as JSON by PostgreSQL like the page read (batches.ts).
 */
export async function termsAndMeasuresIn(tx: SqlStatements, organizationId: string, scope: Prisma.Sql): Promise<ProgramTermsAndMeasures[]> {
  const [{ rows }] = await tx.$queryRaw<{ rows: string }[]>(prepared`
    SELECT coalesce(json_agg(json_build_array(p.id, ${termsJson(Prisma.sql`p.id`)}, ${measuresJson(Prisma.sql`p.id`)}) ORDER BY p.id), '[]')::text AS rows
    FROM pm_vbp_programs p
    WHERE p.organization_id = ${organizationId}::uuid AND ${scope}
      AND EXISTS (SELECT 1 FROM pm_vbp_incentive_terms t WHERE t.program_id = p.id)`);
  return (JSON.parse(rows) as [string, unknown[][], unknown[][]][]).map(([programId, terms, measures]) => ({
    programId,
    terms: termsRows(terms, organizationId, programId)[0],
    measures: rowsOf(measureColumns(), measures, organizationId, programId),
  }));
}
