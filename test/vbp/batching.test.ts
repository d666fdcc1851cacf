import { randomUUID } from 'node:crypto';
import { DASHBOARD_QUERY, seedVbp } from '../../dev/seed';
import { startTestApp, type TestApp } from '../helpers/server';
import { tokenFor } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

/** SQL statements the dashboard query sends for an organization with `programs` programs. */
async function statementsFor(programs: number): Promise<{ count: number; programsSeen: number }> {
  const orgId = randomUUID();
  await seedVbp(app.db.prisma, orgId, { programs, measuresPerProgram: 10, paymentsPerProgram: 4 });
  const token = await tokenFor(orgId, ['staff']);
  app.db.statements.length = 0;
  const res = await app.gql(DASHBOARD_QUERY, {}, token);
  expect(res.errors).toBeUndefined();
  const edges = res.data.programs.edges;
  expect(edges.every((e: any) => e.node.measures.length === 10 && e.node.incentivePayments.length === 4)).toBe(true);
  return { count: app.db.statements.length, programsSeen: edges.length };
}

it('the dashboard query sends as many SQL statements for 50 programs as for 1', async () => {
  const one = await statementsFor(1);
  const twenty = await statementsFor(20);
  const fifty = await statementsFor(50);
  expect([one.programsSeen, twenty.programsSeen, fifty.programsSeen]).toEqual([1, 20, 50]);
  expect(twenty.count).toBe(one.count);
  expect(fifty.count).toBe(one.count);
  // One transaction: the tenant settings, the page (its total, programs, measures and payments), COMMIT
  // (Prisma's query events leave out the BEGIN).
  expect(one.count).toBe(3);
});

it('one batched load resolves many entity references', async () => {
  const orgId = randomUUID();
  const ids = await seedVbp(app.db.prisma, orgId, { programs: 30, measuresPerProgram: 1, paymentsPerProgram: 0 });
  const token = await tokenFor(orgId, ['staff']);
  const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Program { id name measures { id } } } }';
  app.db.statements.length = 0;
  const res = await app.gql(query, { r: ids.slice(0, 3).map((id) => ({ __typename: 'Program', id })) }, token);
  const few = app.db.statements.length;
  app.db.statements.length = 0;
  const many = await app.gql(query, { r: ids.map((id) => ({ __typename: 'Program', id })) }, token);
  expect(res.data._entities).toHaveLength(3);
  expect(many.data._entities.map((p: any) => p.id)).toEqual(ids);
  expect(app.db.statements.length).toBe(few);
});
