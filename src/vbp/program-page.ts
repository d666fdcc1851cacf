import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../platform/db/tenant';
import { MEASURES_JSON, measureRows, PAYMENTS_JSON, paymentRows, PROGRAM_JSON, programRows } from './vbp.batches';
import type { MeasureRow, PaymentRow, ProgramRow } from './vbp.rows';

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

/** What the caller will ask of the page's programs, read in the same statement (program.resolver.ts). */
export interface ReadAhead { measures: boolean; payments: boolean }

export interface ProgramPageQuery {
  filter: ProgramPageFilter;
  /** The (name, id) after which the page starts. */
  after?: { name: string; id: string };
  first: number;
  readAhead: ReadAhead;
}

export interface ProgramPageRows {
  totalCount: number;
  /** Up to `first + 1` rows: the extra one only tells whether there is a next page. */
  rows: ProgramRow[];
  /** Of the first `first` rows, when read ahead. */
  measures?: MeasureRow[];
  payments?: PaymentRow[];
}

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
 * is COLLATE "C"; then id), their total, and when asked the measures and
 * payments of the page: one statement, one round trip, built as JSON by
 * PostgreSQL (vbp.batches.ts says how rows travel).
 */
export async function readProgramPage(tx: Tx, query: ProgramPageQuery): Promise<ProgramPageRows> {
  const where = whereSql(query.filter);
  const after = query.after ? Prisma.sql`AND (p.name, p.id) > (${query.after.name}, ${query.after.id}::uuid)` : Prisma.empty;
  const pageIds = Prisma.sql`(SELECT id FROM page ORDER BY name, id LIMIT ${query.first})`;
  const [{ result }] = await tx.$queryRaw<{ result: string }[]>`
    WITH page AS (SELECT p.* FROM pm_vbp_programs p WHERE ${where} ${after} ORDER BY p.name, p.id LIMIT ${query.first + 1})
    SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM pm_vbp_programs p WHERE ${where}),
      'rows', (SELECT coalesce(json_agg(${PROGRAM_JSON} ORDER BY p.name, p.id), '[]') FROM page p)
      ${query.readAhead.measures ? Prisma.sql`, 'measures', (SELECT ${MEASURES_JSON} FROM pm_vbp_measures x WHERE x.program_id IN ${pageIds})` : Prisma.empty}
      ${query.readAhead.payments ? Prisma.sql`, 'payments', (SELECT ${PAYMENTS_JSON} FROM pm_vbp_incentive_payments x WHERE x.program_id IN ${pageIds})` : Prisma.empty}
    )::text AS result`;
  const page = JSON.parse(result) as { totalCount: number; rows: unknown[][]; measures?: unknown[][]; payments?: unknown[][] };
  return {
    totalCount: page.totalCount,
    rows: programRows(page.rows),
    measures: page.measures && measureRows(page.measures),
    payments: page.payments && paymentRows(page.payments),
  };
}
