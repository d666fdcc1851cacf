import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { TEST_JWT_SECRET, tokenFor } from '../helpers/tokens';

/** A local identity provider: a JWKS on loopback with one ES256 key. */
let jwks: Server;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let app: TestApp;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  app = await startTestApp({ auth: { jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` } });
});
afterAll(async () => {
  await app.close();
  await new Promise((resolve) => jwks.close(resolve));
});

const signEs256 = (orgId: string, kid = 'k1') => new SignJWT({ org_id: orgId, roles: ['staff'] })
  .setProtectedHeader({ alg: 'ES256', kid })
  .setSubject('user-1')
  .setIssuedAt()
  .setExpirationTime('5m')
  .sign(privateKey);

it('accepts a token signed by a key of the JWKS', async () => {
  const res = await app.gql('{ programs { totalCount } }', {}, await signEs256(randomUUID()));
  expect(res.data).toEqual({ programs: { totalCount: 0 } });
});

it('refuses an HS256 token when keys come from a JWKS', async () => {
  const res = await app.gql('{ programs { totalCount } }', {}, await tokenFor(randomUUID(), ['staff']));
  expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  expect(TEST_JWT_SECRET).toBeTruthy();
});

it('refuses a token whose key id is not in the JWKS', async () => {
  const res = await app.gql('{ programs { totalCount } }', {}, await signEs256(randomUUID(), 'unknown'));
  expect(codes(res)).toEqual(['UNAUTHENTICATED']);
});
