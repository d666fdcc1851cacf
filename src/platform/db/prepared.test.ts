import { Prisma } from '../../generated/prisma/client';
import { prepared, preparedStatementName } from './prepared';

/** The SQL text the pg driver adapter receives for a Prisma.Sql. */
const textOf = (sql: { sql: string }) => ({ sql: sql.sql });

describe('preparedStatementName', () => {
  const page = textOf(prepared`SELECT ${1}::int AS a`);

  it.each([
    { label: 'an unmarked statement', sql: 'SELECT 1' },
    { label: 'a mark that is not at the start', sql: 'SELECT 1 /* prepared */' },
    { label: 'BEGIN', sql: 'BEGIN' },
  ])('does not name $label: it runs unprepared', ({ sql }) => {
    expect(preparedStatementName({ sql })).toBeUndefined();
  });

  it('names a marked statement, the same text always the same name', () => {
    const name = preparedStatementName(page);
    expect(name).toMatch(/^pm_[A-Za-z0-9_-]{32}$/);
    expect(preparedStatementName(textOf(prepared`SELECT ${2}::int AS a`))).toBe(name);
  });

  it('gives different texts different names (node-postgres refuses one name for two texts)', () => {
    expect(preparedStatementName(textOf(prepared`SELECT ${1}::int AS b`))).not.toBe(preparedStatementName(page));
  });

  it('keeps names within PostgreSQL identifiers (63 bytes)', () => {
    expect(preparedStatementName(page)!.length).toBeLessThanOrEqual(63);
  });

  it('stops naming past its bound, so an unbounded set of texts cannot fill the connections', () => {
    const names = Array.from({ length: 2100 }, (_, i) => preparedStatementName(textOf(prepared`SELECT ${i}::int AS ${Prisma.raw(`c${i}`)}`)));
    expect(names.filter((name) => name === undefined).length).toBeGreaterThan(0);
    expect(names.slice(0, 1000).every((name) => name !== undefined)).toBe(true);
  });
});
