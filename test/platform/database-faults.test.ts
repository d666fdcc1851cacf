import { randomUUID } from 'node:crypto';
import { Prisma } from '../../src/generated/prisma/client';
import { tenantDb } from '../../src/platform/db/tenant';
import { codes, type GraphQLResponse, startTestApp, type TestApp } from '../helpers/server';
import { startTcpProxy, type TcpProxy, throughProxy } from '../helpers/tcp-proxy';
import { newOrg } from '../helpers/tokens';

const CREATE = 'mutation ($name: String!) { createProgram(input: { name: $name, contractType: SHARED_SAVINGS, measurementPeriod: "CY2025" }) { id } }';
const COUNT = '{ programs { totalCount } }';

describe('statement timeout', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });

  it('is set in every tenant transaction, equal to its own timeout', async () => {
    const db = tenantDb(app.db.prisma, randomUUID());
    const read = (timeoutMs?: number) => db.run(async (tx) => (await tx.$queryRaw<{ t: string }[]>`SELECT current_setting('statement_timeout') AS t`)[0].t, { timeoutMs });
    expect(await read()).toBe('15s');
    expect(await read(120_000)).toBe('2min');
  });

  if (process.env.TEST_DATABASE_URL) {
    it('cancels a statement that outlives it, as a retriable SERVICE_UNAVAILABLE', async () => {
      const db = tenantDb(app.db.prisma, randomUUID());
      const slow = db.run((tx) => tx.$queryRaw`SELECT pg_sleep(30)`, { timeoutMs: 300 });
      await expect(slow).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
      const running = await app.db.withSession((s) => s.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()"));
      expect(running[0].n).toBe(0);
    });
  }
});

if (process.env.TEST_DATABASE_URL) {
  describe('PostgreSQL unreachable, then back', () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    let proxy: TcpProxy;
    let app: TestApp;
    beforeAll(async () => {
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      app = await startTestApp({ route: (url) => throughProxy(url, proxy) });
    });
    afterAll(async () => {
      await proxy.restore().catch(() => undefined);
      await app.close();
      await proxy.close();
    });

    const ready = async () => (await fetch(`${app.url}/ready`)).status;
    const expectUnavailable = (response: GraphQLResponse) => {
      expect(response.status).toBe(503);
      expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(response.errors![0].extensions!.retryable).toBe(true);
    };

    it('turns /ready 503 and fails requests with a retriable error, then recovers by itself', async () => {
      const org = await newOrg();
      expect(await ready()).toBe(200);
      expect((await app.gql(CREATE, { name: 'Before' }, org.admin)).errors).toBeUndefined();

      await proxy.cut();
      expect(await ready()).toBe(503);
      expectUnavailable(await app.gql(COUNT, {}, org.staff));
      expectUnavailable(await app.gql(CREATE, { name: 'During' }, org.admin));

      await proxy.restore();
      let status = await ready();
      for (let i = 0; i < 100 && status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await ready();
      }
      expect(status).toBe(200);
      expect((await app.gql(CREATE, { name: 'After' }, org.admin)).errors).toBeUndefined();
      const names = await app.gql('{ programs { edges { node { name } } } }', {}, org.staff);
      expect(names.data.programs.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['After', 'Before']);
    });

    it('ends a hot read whose server stops answering at its timeout, as a retriable SERVICE_UNAVAILABLE', async () => {
      const org = await newOrg();
      const db = tenantDb(app.db.prisma, org.orgId, app.db.rawTransaction);
      const read = (timeoutMs?: number) => db.read((sql) => sql.$queryRaw<unknown[]>(Prisma.sql`SELECT 1`), { timeoutMs });
      await read(); // a pooled connection is open, then its server falls silent
      proxy.stall();
      try {
        // No statement_timeout can help here: nothing reaches the server. The transaction's own deadline closes the connection.
        await expect(read(500)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
      } finally {
        await proxy.restore();
      }
      expect(await read()).toHaveLength(1);
      expect((await app.gql(COUNT, {}, org.staff)).data.programs.totalCount).toBe(0);
    });
  });
}
