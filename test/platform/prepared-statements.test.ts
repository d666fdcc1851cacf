import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DASHBOARD_QUERY, seedVbp } from '../../dev/seed';
import { startTestApp, type TestApp } from '../helpers/server';
import { tokenFor } from '../helpers/tokens';

/**
 * The hot statements are prepared once per pooled connection on PostgreSQL
 * (src/platform/db/prepared.ts); on PGlite their mark is only a comment.
 */
describe('prepared statements', () => {
  let app: TestApp;
  let token: string;
  let orgId: string;
  beforeAll(async () => {
    app = await startTestApp();
    orgId = randomUUID();
    await seedVbp(app.db.prisma, orgId, { programs: 3, measuresPerProgram: 2, paymentsPerProgram: 1 });
    token = await tokenFor(orgId, ['staff']);
  });
  afterAll(async () => { await app.close(); });

  const dashboard = async () => {
    const response = await app.gql(DASHBOARD_QUERY, {}, token);
    expect(response.errors).toBeUndefined();
    return response.data.programs;
  };

  /** The statements prepared on every idle pooled connection, by the start of their text. */
  async function preparedOnPool(): Promise<string[]> {
    const pool = app.db.pool!;
    const clients: PoolClient[] = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
    try {
      const rows = await Promise.all(clients.map((c) => c.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements')));
      return rows.flatMap((r) => r.rows.map((row) => `${row.name.slice(0, 3)} ${row.statement.replace(/\s+/g, ' ').slice(0, 40)}`));
    } finally {
      clients.forEach((c) => c.release());
    }
  }

  if (process.env.TEST_DATABASE_URL) it('holds, on PostgreSQL, the tenant settings and the page statement prepared, and nothing unmarked', async () => {
    for (let i = 0; i < 3; i++) await dashboard();
    const statements = await preparedOnPool();
    expect(statements).toEqual(expect.arrayContaining([
      expect.stringMatching(/^pm_ \/\* prepared \*\/ SELECT set_config\('role'/),
      expect.stringMatching(/^pm_ \/\* prepared \*\/ WITH page AS/),
    ]));
    expect(statements.every((s) => s.startsWith('pm_ /* prepared */'))).toBe(true);
  });

  it('answers the same once the statements are prepared, and after the tables change under them', async () => {
    const first = await dashboard();
    await app.db.withSession((s) => s.exec('ALTER TABLE pm_vbp_programs ADD COLUMN prepared_test_column integer'));
    expect(await dashboard()).toEqual(first);
    await app.db.withSession((s) => s.exec('ALTER TABLE pm_vbp_programs DROP COLUMN prepared_test_column'));
    expect(await dashboard()).toEqual(first);
  });
});
