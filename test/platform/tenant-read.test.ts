import { randomUUID } from 'node:crypto';
import { Prisma } from '../../src/generated/prisma/client';
import { tenantDb } from '../../src/platform/db/tenant';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * TenantDb.read: the hot reads' transaction (past Prisma, on a pooled
 * connection, on PostgreSQL; through Prisma on PGlite). Whatever the path, a
 * read is one transaction that is committed or rolled back whole and leaves
 * its connection clean for the next caller.
 */
let db: TestDatabase;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

const tenant = (orgId: string) => tenantDb(db.prisma, orgId, db.rawTransaction);

const insertProgram = (name: string, orgId: string) => Prisma.sql`
  INSERT INTO pm_vbp_programs (organization_id, name, name_search, contract_type, measurement_period)
  VALUES (${orgId}::uuid, ${name}, lower(${name}), 'SHARED_SAVINGS', 'CY2025')`;

const programNames = (orgId: string) => tenant(orgId).read(async (sql) =>
  (await sql.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT name FROM pm_vbp_programs ORDER BY name`)).map((r) => r.name));

/** Sessions of this test's database left inside a transaction (PostgreSQL; PGlite has one session). */
const idleInTransaction = async () => (await db.withSession((s) => s.query<{ n: number }>(
  "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")))[0].n;

it('runs PostgreSQL past Prisma, and PGlite through it', () => {
  expect(db.rawTransaction === undefined).toBe(db.kind === 'pglite');
});

it('commits what its work did once the work resolves', async () => {
  const orgId = randomUUID();
  await tenant(orgId).read((sql) => sql.$executeRaw(insertProgram('Kept', orgId)));
  expect(await programNames(orgId)).toEqual(['Kept']);
});

it('rolls back everything when its work throws after a statement, and says why', async () => {
  const orgId = randomUUID();
  const failing = tenant(orgId).read(async (sql) => {
    await sql.$executeRaw(insertProgram('Half-written', orgId));
    throw new Error('work failed');
  });
  await expect(failing).rejects.toThrow('work failed');
  expect(await programNames(orgId)).toEqual([]);
});

it('passes a refused statement on (not as an outage) and leaves no connection inside a transaction', async () => {
  const orgId = randomUUID();
  // More failures than the test pool has connections: a connection handed back mid-transaction would show.
  for (let i = 0; i < 8; i++) {
    const refused = tenant(orgId).read((sql) => sql.$queryRaw(Prisma.sql`SELECT 1 / (${i}::int - ${i}::int)`));
    await expect(refused).rejects.not.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    await expect(refused).rejects.toThrow(/division by zero/);
  }
  expect(await programNames(orgId)).toEqual([]);
  if (db.kind === 'postgres') expect(await idleInTransaction()).toBe(0);
});

it('sets role, organization and statement timeout for its own transaction only', async () => {
  const orgId = randomUUID();
  const settings = (timeoutMs?: number) => tenant(orgId).read(async (sql) => (await sql.$queryRaw<{ role: string; org: string; timeout: string }[]>(Prisma.sql`
    SELECT current_user AS role, current_setting('app.org_id') AS org, current_setting('statement_timeout') AS timeout`))[0], { timeoutMs });
  expect(await settings()).toEqual({ role: 'pm_vbp_app', org: orgId, timeout: '15s' });
  expect(await settings(120_000)).toEqual({ role: 'pm_vbp_app', org: orgId, timeout: '2min' });
  // Outside a tenant transaction the pooled connections are back to the owner, with no organization.
  const [outside] = await db.withSession((s) => s.query<{ org: string | null; timeout: string }>(
    "SELECT nullif(current_setting('app.org_id', true), '') AS org, current_setting('statement_timeout') AS timeout"));
  expect(outside).toEqual({ org: null, timeout: '0' });
});

it('sets an organization spelled with quotes and backslashes as given (its settings travel as literals on PostgreSQL)', async () => {
  const odd = "o'rg\\ \"x\" '' \\'";
  const [{ org }] = await tenantDb(db.prisma, odd, db.rawTransaction).read((sql) =>
    sql.$queryRaw<{ org: string }[]>(Prisma.sql`SELECT current_setting('app.org_id') AS org`));
  expect(org).toBe(odd);
});

it('on PostgreSQL, BEGIN and the settings take one round trip: settings, the work, COMMIT', async () => {
  db.statements.length = 0;
  await tenant(randomUUID()).read((sql) => sql.$queryRaw(Prisma.sql`SELECT 1`));
  const sent = db.statements.map((sql) => sql.replace(/\s+/g, ' ').slice(0, 31));
  if (db.kind === 'postgres') expect(sent).toEqual(["BEGIN; SELECT set_config('role'", 'SELECT 1', 'COMMIT']);
  else expect(sent).toHaveLength(3); // Prisma's query events leave out its BEGIN
});

if (process.env.TEST_DATABASE_URL) {
  it('cancels a statement that outlives its timeout, as a retriable SERVICE_UNAVAILABLE, and the pool serves on', async () => {
    const orgId = randomUUID();
    const slow = tenant(orgId).read((sql) => sql.$queryRaw(Prisma.sql`SELECT pg_sleep(30)`), { timeoutMs: 300 });
    await expect(slow).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
    expect(await programNames(orgId)).toEqual([]);
    expect(await idleInTransaction()).toBe(0);
  });

  it('survives its connection dying between two statements: SERVICE_UNAVAILABLE, and the pool serves on', async () => {
    const orgId = randomUUID();
    const read = tenant(orgId).read(async (sql) => {
      const [{ pid }] = await sql.$queryRaw<{ pid: number }[]>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
      await db.withSession((s) => s.query('SELECT pg_terminate_backend($1)', [pid]));
      // The server's goodbye arrives while no statement runs: node-postgres emits it as an 'error' event,
      // which would crash the process if nobody listened (the short chaos run in CI once did).
      await new Promise((resolve) => setTimeout(resolve, 200));
      return sql.$queryRaw(Prisma.sql`SELECT 1`);
    });
    await expect(read).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
    expect(await programNames(orgId)).toEqual([]);
  });
}
