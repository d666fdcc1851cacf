import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startTestApp, type TestApp } from '../helpers/server';

/*
 * Contract, Hostile input (version 2): at most MAX_CONCURRENT_OPERATIONS
 * operations execute at once; one that cannot start within the wait gets 503.
 * A slow operation here is one whose token is verified against a JWKS that
 * answers only when the test says so (a slow identity provider).
 */
let jwks: Server;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let releaseJwks: () => void = () => undefined;
let app: TestApp;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const held = new Promise<void>((resolve) => { releaseJwks = resolve; });
  jwks = createServer((_req, res) => {
    void held.then(() => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  app = await startTestApp({
    auth: { jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` },
    // The contract's wait (2 s): the one that waits must get the slot within it even on a loaded machine.
    httpLimits: { maxConcurrentOperations: 1, admissionWaitMs: 2_000 },
  });
});
afterAll(async () => {
  releaseJwks();
  await app.close();
  await new Promise((resolve) => jwks.close(resolve));
});

const token = () => new SignJWT({ org_id: randomUUID(), roles: ['staff'] })
  .setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('user-1').setIssuedAt().setExpirationTime('5m').sign(privateKey);

const post = async (bearer: string) => {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query: '{ programs { totalCount } }' }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } };
};

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

it('refuses what cannot start within the wait with 503, keeps /health and /ready answering, and runs what waits its turn', async () => {
  const [a, b, c] = await Promise.all([token(), token(), token()]);
  const slow = post(a); // takes the only slot, its token waiting on the JWKS
  await new Promise((resolve) => setTimeout(resolve, 100));

  const refused = await timed(() => post(b));
  expect(refused.result.status).toBe(503);
  expect(refused.result.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(refused.result.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', retryable: true }]);
  expect(refused.result.body.data ?? null).toBeNull();
  expect(refused.ms).toBeGreaterThanOrEqual(1_950);

  // Saturated: the probes are not admitted through the limit.
  const health = await timed(() => fetch(`${app.url}/health`));
  expect(health.result.status).toBe(200);
  expect(health.ms).toBeLessThan(400);
  expect((await fetch(`${app.url}/ready`)).status).toBe(200);
  const metrics = await (await fetch(`${app.url}/metrics`)).text();
  expect(metrics).toContain('pm_graphql_operations{state="running"} 1');
  expect(metrics).toMatch(/pm_graphql_admission_refused_total [1-9]/);

  // One that waits and gets the slot within the wait runs.
  const waiting = post(c);
  await new Promise((resolve) => setTimeout(resolve, 100));
  releaseJwks();
  const [first, second] = await Promise.all([slow, waiting]);
  expect(first).toMatchObject({ status: 200, body: { data: { programs: { totalCount: 0 } } } });
  expect(second).toMatchObject({ status: 200, body: { data: { programs: { totalCount: 0 } } } });

  // The slots are free again.
  expect(await post(b)).toMatchObject({ status: 200, body: { data: { programs: { totalCount: 0 } } } });
});
