import { createHash } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';

/**
 * Server-side prepared statements for the hot reads. A statement wrapped in
 * `prepared` is parsed and planned by PostgreSQL once per pooled connection
 * and then only bound and run: for the dashboard's page statement that saves
 * PostgreSQL about a millisecond of planning per request (measured with
 * pgbench, -M extended against -M prepared).
 *
 * Only marked statements are prepared, so their number stays bounded: the
 * generated SQL of the ORM varies with the length of its IN lists and would
 * fill every connection with statements used once. Each marked statement
 * returns one fixed set of columns, so a migration that changes a table makes
 * PostgreSQL plan it again and never changes what it returns.
 *
 * A pooler in transaction mode (PgBouncer before 1.21) cannot hold prepared
 * statements; the README says so. PGlite has no such cache: there the mark is
 * only a comment.
 */
const MARK = '/* prepared */ ';

/** More distinct marked statements than this is a bug; past it they run unprepared. */
const MAX_STATEMENTS = 2000;

const names = new Map<string, string>();

/** Like `Prisma.sql`, for a statement to be prepared: prepared`SELECT …`. */
export const prepared = (strings: TemplateStringsArray, ...values: unknown[]): Prisma.Sql =>
  Prisma.sql`${Prisma.raw(MARK)}${Prisma.sql(strings, ...values)}`;

/**
 * The statement name of a marked statement (its text's hash: one text, one
 * name, as node-postgres requires), or undefined for any other; the pg driver
 * adapter's `statementNameGenerator`.
 */
export function preparedStatementName({ sql }: { sql: string }): string | undefined {
  if (!sql.startsWith(MARK)) return undefined;
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= MAX_STATEMENTS) return undefined;
    name = `pm_${createHash('sha256').update(sql).digest('base64url').slice(0, 32)}`;
    names.set(sql, name);
  }
  return name;
}
