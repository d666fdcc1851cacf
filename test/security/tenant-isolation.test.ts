import { randomUUID } from 'node:crypto';
import { Prisma } from '../../src/generated/prisma/client';
import { tenantDb } from '../../src/platform/db/tenant';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

const insertProgram = (orgId: string, name: string) =>
  tenantDb(db.prisma, orgId).run((tx) => tx.$executeRaw`
    INSERT INTO pm_vbp_programs (organization_id, name, name_search, contract_type, measurement_period)
    VALUES (${orgId}::uuid, ${name}, lower(${name}), 'SHARED_SAVINGS', 'CY2025')`);

describe('row-level security through the service connection path', () => {
  const orgA = randomUUID();
  const orgB = randomUUID();

  beforeAll(async () => {
    await insertProgram(orgA, 'A program');
    await insertProgram(orgB, 'B program');
  });

  it('a query without an organization filter sees only its own organization', async () => {
    const rows = await tenantDb(db.prisma, orgA).run((tx) =>
      tx.$queryRaw<{ name: string }[]>`SELECT name FROM pm_vbp_programs`);
    expect(rows.map((r) => r.name)).toEqual(['A program']);
  });

  it('a hot read (past Prisma on PostgreSQL), unfiltered, sees only its own organization', async () => {
    const rows = await tenantDb(db.prisma, orgB, db.rawTransaction).read((sql) =>
      sql.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT name FROM pm_vbp_programs`));
    expect(rows.map((r) => r.name)).toEqual(['B program']);
  });

  it('the generated client, unfiltered, sees only its own organization', async () => {
    const rows = await tenantDb(db.prisma, orgB).run((tx) => tx.program.findMany());
    expect(rows.map((r) => r.name)).toEqual(['B program']);
  });

  it('cannot write a row for another organization', async () => {
    await expect(insertProgram2()).rejects.toThrow();
    async function insertProgram2() {
      return tenantDb(db.prisma, orgA).run((tx) => tx.$executeRaw`
        INSERT INTO pm_vbp_programs (organization_id, name, name_search, contract_type, measurement_period)
        VALUES (${orgB}::uuid, 'smuggled', 'smuggled', 'OTHER', 'CY2025')`);
    }
  });

  it('cannot update or delete another organization’s rows', async () => {
    const changed = await tenantDb(db.prisma, orgA).run(async (tx) =>
      (await tx.$executeRaw`UPDATE pm_vbp_programs SET name = 'taken'`) + (await tx.$executeRaw`DELETE FROM pm_vbp_measures`));
    expect(changed).toBe(1); // its own program only
    const b = await tenantDb(db.prisma, orgB).run((tx) => tx.program.findMany());
    expect(b.map((r) => r.name)).toEqual(['B program']);
  });

  it('sees nothing when no organization is set', async () => {
    const rows = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('role', 'pm_vbp_app', true)`;
      return tx.$queryRaw<unknown[]>`SELECT * FROM pm_vbp_programs`;
    });
    expect(rows).toEqual([]);
  });

  it('a child cannot point at another organization’s program (composite foreign key)', async () => {
    const [bProgram] = await tenantDb(db.prisma, orgB).run((tx) => tx.program.findMany());
    await expect(tenantDb(db.prisma, orgA).run((tx) => tx.$executeRaw`
      INSERT INTO pm_vbp_measures (organization_id, program_id, measure_id, measure_name, numerator, denominator, benchmark)
      VALUES (${orgA}::uuid, ${bProgram.id}::uuid, 'BCS', 'x', 1, 2, 0.5)`)).rejects.toThrow();
  });

  it('the service role owns no table and cannot bypass RLS', async () => {
    const [role] = await db.withSession((s) => s.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'pm_vbp_app'"));
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await db.withSession((s) => s.query(
      "SELECT tablename FROM pg_tables WHERE tableowner = 'pm_vbp_app'"));
    expect(owned).toEqual([]);
    const unforced = await db.withSession((s) => s.query(
      "SELECT relname FROM pg_class WHERE relname LIKE 'pm\\_%' AND relkind = 'r' AND relname <> 'pm_schema_migrations' AND NOT (relrowsecurity AND relforcerowsecurity)"));
    expect(unforced).toEqual([]);
  });
});
