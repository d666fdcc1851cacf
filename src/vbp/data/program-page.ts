import { Prisma } from '../../generated/prisma/client';
import { prepared } from '../../platform/db/prepared';
import type { SqlStatements } from '../../platform/db/pool-transaction';
import { measuresJson, paymentsJson, rowsOf, termsJson, termsRows } from './batches';
import { type MeasureColumn, measureColumns, type PaymentColumn, paymentColumns, type ProgramColumn, programColumns } from './columns';
import type { IncentiveTermsRow, MeasureRow, PaymentRow, ProgramRow } from './rows';

/** `programs(filter:)` as the service has checked it (program.service.ts); absent means not filtered. */
export interface ProgramPageFilter {
  orgId: string;
  status?: readonly string[];
  contractType?: readonly string[];
  payerId?: string;
  measurementPeriod?: string;
  activeOnly: boolean;
  /** A LIKE pattern body for name_search, wildcards already escaped. */
  nameContains?: string;
}

/**
 * What a page reads: the columns of its programs (their name and id always: the order and the cursor), and
 * of their measures and payments, and their terms, when asked for (graphql/page-reads.ts, from the operation).
 */
export interface PageReads {
  program: readonly ProgramColumn[];
  measures?: readonly MeasureColumn[];
  payments?: readonly PaymentColumn[];
  terms?: boolean;
}

export interface ProgramPageQuery {
  filter: ProgramPageFilter;
  /** The (name, id) after which the page starts. */
  after?: { name: string; id: string };
  first: number;
  reads: PageReads;
}

export interface ProgramPageRows {
  totalCount: number;
  /** Up to `first + 1` rows: the extra one only tells whether there is a next page. The others carry their children (pageChildrenOf). */
  rows: ProgramRow[];
}

/** The children a page read with one of its programs: those asked for, with the columns asked for. */
export interface PageChildren {
  measures?: MeasureRow[];
  payments?: PaymentRow[];
  /** null: the program has no terms. */
  terms?: IncentiveTermsRow | null;
}

/*
 * Children travel on the page's own program rows, not in the request's loaders: they hold only the
 * columns this operation selects under the page, and nothing else (the same program read by id or as
 * an entity, the FHIR export) must be answered with them.
 */
const CHILDREN = Symbol('children read with the page');
type WithChildren = ProgramRow & { [CHILDREN]?: PageChildren };

/** What the page that read `program` read of its children; undefined for a program that did not come from a page. */
export const pageChildrenOf = (program: ProgramRow): PageChildren | undefined => (program as WithChildren)[CHILDREN];

/** The filter on alias `p`: the caller's organization (besides RLS), then each filter given. */
function whereSql(filter: ProgramPageFilter): Prisma.Sql {
  const conditions = [Prisma.sql`p.organization_id = ${filter.orgId}::uuid`];
  if (filter.status) conditions.push(Prisma.sql`p.status::text = ANY(${filter.status}::text[])`);
  if (filter.contractType) conditions.push(Prisma.sql`p.contract_type::text = ANY(${filter.contractType}::text[])`);
  if (filter.payerId !== undefined) conditions.push(Prisma.sql`p.payer_id = ${filter.payerId}`);
  if (filter.measurementPeriod !== undefined) conditions.push(Prisma.sql`p.measurement_period = ${filter.measurementPeriod}`);
  if (filter.activeOnly) conditions.push(Prisma.sql`p.deleted_at IS NULL`);
  // Backslash is LIKE's default escape character: the service escaped \, % and _ with it.
  if (filter.nameContains !== undefined) conditions.push(Prisma.sql`p.name_search LIKE '%' || ${filter.nameContains} || '%'`);
  return Prisma.join(conditions, ' AND ');
}

/**
 * A page of programs in the contract's order (name in byte order: the column
 * is COLLATE "C"; then id), their total, and when asked the measures,
 * payments and terms of the page: one statement, one round trip, built as
 * JSON by PostgreSQL (batches.ts says how rows travel), with only the columns
 * `reads` names.
 */
export async function readProgramPage(tx: SqlStatements, query: ProgramPageQuery): Promise<ProgramPageRows> {
  const { reads } = query;
  const where = whereSql(query.filter);
  const after = query.after ? Prisma.sql`AND (p.name, p.id) > (${query.after.name}, ${query.after.id}::uuid)` : Prisma.empty;
  const program = programColumns([...reads.program, 'id', 'name']);
  const measures = reads.measures && measureColumns(reads.measures);
  const payments = reads.payments && paymentColumns(reads.payments);
  // The extra row's children are not read: it is not shown.
  const shownOnly = (json: Prisma.Sql | undefined) => (json ? Prisma.sql`CASE WHEN p.shown THEN ${json} END` : Prisma.sql`NULL::json`);
  const [{ result }] = await tx.$queryRaw<{ result: string }[]>(prepared`
    WITH page AS (SELECT p.* FROM pm_vbp_programs p WHERE ${where} ${after} ORDER BY p.name, p.id LIMIT ${query.first + 1})
    SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM pm_vbp_programs p WHERE ${where}),
      'rows', (SELECT coalesce(json_agg(json_build_array(${program.items},
                 ${shownOnly(measures && measuresJson(Prisma.sql`p.id`, measures))},
                 ${shownOnly(payments && paymentsJson(Prisma.sql`p.id`, payments))},
                 ${shownOnly(reads.terms ? termsJson(Prisma.sql`p.id`) : undefined)}) ORDER BY p.name, p.id), '[]')
               FROM (SELECT page.*, row_number() OVER (ORDER BY page.name, page.id) <= ${query.first} AS shown FROM page) p)
    )::text AS result`);
  const page = JSON.parse(result) as { totalCount: number; rows: unknown[][] };
  const orgId = query.filter.orgId;
  const at = program.length;
  const rows = page.rows.map((json) => {
    const row = program.rowOf(json, orgId) as WithChildren;
    if (json[at] !== null || json[at + 1] !== null || json[at + 2] !== null) {
      row[CHILDREN] = {
        measures: measures && rowsOf(measures, json[at] as unknown[][], orgId, row.id),
        payments: payments && rowsOf(payments, json[at + 1] as unknown[][], orgId, row.id),
        terms: reads.terms ? termsRows(json[at + 2] as unknown[][], orgId, row.id)[0] ?? null : undefined,
      };
    }
    return row;
  });
  return { totalCount: page.totalCount, rows };
}
