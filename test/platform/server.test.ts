import { createProgram } from '../helpers/factories';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

describe('in development', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app.close(); });

  it('GET /health answers 200 while the process is up', async () => {
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
  });

  it('GET /ready answers 200 while the database answers', async () => {
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
  });

  it('introspection is on and the Sandbox landing page is served', async () => {
    const res = await app.gql('{ __schema { queryType { name } } }');
    expect(res.data.__schema.queryType.name).toBe('Query');
    const page = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/sandbox/i);
  });

  it('reads a body just under 8 MB, refuses a larger one with 413 and keeps serving', async () => {
    const org = await newOrg();
    const post = (padBytes: number) => fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.staff}` },
      body: JSON.stringify({ query: '{ programs { totalCount } }', extensions: { pad: 'x'.repeat(padBytes) } }),
    });
    const big = await post(8 * 1024 * 1024 - 200);
    expect(big.status).toBe(200);
    expect(((await big.json()) as { data: { programs: { totalCount: number } } }).data.programs.totalCount).toBe(0);
    const tooBig = await post(8 * 1024 * 1024 + 1);
    expect(tooBig.status).toBe(413);
    expect((await app.gql('{ programs { totalCount } }', {}, org.staff)).data.programs.totalCount).toBe(0);
  });

  it('sends an answer, or an error, as the UTF-8 bytes of its JSON with its content type and length', async () => {
    const org = await newOrg();
    await createProgram(app, org.admin, { name: 'Ärzte "x" ✓', notes: 'line\nbreak' });
    for (const [query, status] of [['{ programs { edges { node { name notes } } } }', 200], ['{ nope }', 400]] as const) {
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${org.staff}` }, body: JSON.stringify({ query }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([res.status, res.headers.get('content-type'), Number(res.headers.get('content-length'))]).toEqual([status, 'application/json; charset=utf-8', bytes.length]);
      expect(bytes.toString('utf8')).toBe(JSON.stringify(JSON.parse(bytes.toString('utf8'))));
    }
  });

  it('refuses a GET request that could be a cross-site simple request (CSRF prevention)', async () => {
    const org = await newOrg();
    const res = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ programs { totalCount } }')}`, {
      headers: { authorization: `Bearer ${org.staff}` },
    });
    expect(res.status).toBe(400);
  });
});

describe('in production', () => {
  const logLines: string[] = [];
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp({ production: true, logLines }); });
  afterAll(async () => { await app.close(); });

  it('introspection is off and there is no landing page', async () => {
    const res = await app.gql('{ __schema { queryType { name } } }');
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const page = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/sandbox/i);
  });

  it('coded errors carry no stack trace', async () => {
    const org = await newOrg();
    const res = await app.gql('mutation { createProgram(input: {name: " ", contractType: OTHER, measurementPeriod: "x"}) { id } }', {}, org.admin);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });

  it('an unexpected failure is masked in the response and logged with the request id; /ready turns 503', async () => {
    const org = await newOrg();
    await createProgram(app, org.admin, { name: 'Before the outage' });
    await app.db.close(); // the database goes away under the running server
    const res = await app.gql('{ programs { totalCount } }', {}, org.staff, { 'x-request-id': 'req-outage-1' });
    expect(res.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(JSON.stringify(res)).not.toMatch(/SELECT|pm_vbp|prisma/i);
    const logged = logLines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error');
    expect(logged).toMatchObject({ requestId: 'req-outage-1', orgId: org.orgId, level: 50 });
    expect(JSON.stringify(logLines)).not.toContain(org.staff);
    expect((await fetch(`${app.url}/ready`)).status).toBe(503);
    app.db.close = async () => undefined; // already closed
  });
});
