import { Prisma } from '../../generated/prisma/client';
import { prepared } from '../../platform/db/prepared';
import type { SqlStatements } from '../../platform/db/pool-transaction';
import { measuresJson, paymentsJson, programJson, programRows, termsJson, type ProgramWithChildren } from './batches';
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

/** What the caller will ask of the page's programs, read in the same statement (program.resolver.ts). */
export interface ReadAhead { measures: boolean; payments: boolean; terms?: boolean }

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
  /** Each of the first `first` rows' measures and payments, when read ahead. */
  measures?: Map<string, MeasureRow[]>;
  payments?: Map<string, PaymentRow[]>;
  terms?: Map<string, IncentiveTermsRow[]>;
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
export async function readProgramPage(tx: SqlStatements, query: ProgramPageQuery): Promise<ProgramPageRows> {
  const where = whereSql(query.filter);
  const after = query.after ? Prisma.sql`AND (p.name, p.id) > (${query.after.name}, ${query.after.id}::uuid)` : Prisma.empty;
  // The extra row's children are not read: it is not shown.
  const childrenSql = (read: boolean, json: (programId: Prisma.Sql) => Prisma.Sql) =>
    (read ? Prisma.sql`CASE WHEN p.shown THEN ${json(Prisma.sql`p.id`)} END` : Prisma.sql`NULL::json`);
  const [{ result }] = await tx.$queryRaw<{ result: string }[]>(prepared`
    WITH page AS (SELECT p.* FROM pm_vbp_programs p WHERE ${where} ${after} ORDER BY p.name, p.id LIMIT ${query.first + 1})
    SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM pm_vbp_programs p WHERE ${where}),
      'rows', (SELECT coalesce(json_agg(${programJson(childrenSql(query.readAhead.measures, measuresJson), childrenSql(query.readAhead.payments, paymentsJson), childrenSql(query.readAhead.terms ?? false, termsJson))}
                 ORDER BY p.name, p.id), '[]')
               FROM (SELECT page.*, row_number() OVER (ORDER BY page.name, page.id) <= ${query.first} AS shown FROM page) p)
    )::text AS result`);
  const page = JSON.parse(result) as { totalCount: number; rows: unknown[][] };
  const rows = programRows(page.rows, query.filter.orgId);
  return {
    totalCount: page.totalCount,
    rows: rows.map((row) => row.program),
    measures: query.readAhead.measures ? childrenByProgram(rows, (row) => row.measures) : undefined,
    payments: query.readAhead.payments ? childrenByProgram(rows, (row) => row.payments) : undefined,
    terms: query.readAhead.terms ? childrenByProgram(rows, (row) => row.terms) : undefined,
  };
}

/** Each row's children that were read, by program id (the extra row has none). */
function childrenByProgram<T>(rows: ProgramWithChildren[], childrenOf: (row: ProgramWithChildren) => T[] | undefined): Map<string, T[]> {
  const byProgram = new Map<string, T[]>();
  for (const row of rows) {
    const children = childrenOf(row);
    if (children) byProgram.set(row.program.id, children);
  }
  return byProgram;
}
