import { Field, ObjectType } from 'type-graphql';
import { Directive } from 'type-graphql';
import { isUuid } from '../../domain/uuid';
import { badInput } from './errors';

@Directive('@shareable')
@ObjectType({ description: 'Shared with other subgraphs that page the same way.' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Contract: `first` is 1–100. */
export function checkFirst(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput(field, `${field} must be between 1 and 100`);
  return first;
}

/** Opaque to clients: the sort key of the last row, base64url JSON. */
export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string, arity: number, field = 'after'): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A NUL could never have come from a stored row, and PostgreSQL text refuses it.
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' && !k.includes('\u0000'))) return key;
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw badInput(field, `${field} is not a cursor returned by this API`);
}

export interface Page<T> { rows: T[]; hasNextPage: boolean; hasPreviousPage: boolean }

/** Contract: hasPreviousPage is true exactly when `after` was given; a null `after` is not given. */
export const afterGiven = (after: string | null | undefined): boolean => after !== null && after !== undefined;

/** Fetch `first + 1` rows; the extra one only tells whether there is a next page. */
export function toPage<T>(rows: T[], first: number, after: string | null | undefined): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, hasPreviousPage: afterGiven(after) };
}

/** Relay's connection: startCursor/endCursor are the first and last edge's cursors, null on an empty page. */
export function connectionOf<T>(page: Page<T>, totalCount: number, cursorOf: (row: T) => string) {
  const edges = page.rows.map((node) => ({ cursor: cursorOf(node), node }));
  const pageInfo: PageInfo = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: edges.at(0)?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return { edges, totalCount, pageInfo };
}

/** The cursor of the contract's (name, id) order: programs and capitation contracts. */
export const nameIdCursor = (row: { name: string; id: string }): string => encodeCursor([row.name, row.id]);

/** The (name, id) sort key a cursor of that order carries; undefined without a cursor. */
export function decodeNameIdCursor(after?: string | null): { name: string; id: string } | undefined {
  if (!after) return undefined;
  const [name, id] = decodeCursor(after, 2);
  if (!isUuid(id)) throw badInput('after', 'after is not a cursor returned by this API');
  return { name, id };
}

/** `where` narrowed to the rows after a (name, id) cursor; names compare in byte order (the columns are COLLATE "C"). */
export function afterNameAndId<W extends object>(where: W, after?: string | null): W | { AND: object[] } {
  const key = decodeNameIdCursor(after);
  if (!key) return where;
  return { AND: [where, { OR: [{ name: { gt: key.name } }, { name: key.name, id: { gt: key.id } }] }] };
}
