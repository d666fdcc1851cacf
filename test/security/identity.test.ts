import { randomUUID } from 'node:crypto';
import { base64url, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { codes, type GraphQLResponse, startTestApp, type TestApp } from '../helpers/server';
import { TEST_JWT_SECRET, tokenFor } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const PROGRAMS = '{ programs { totalCount } }';
const CREATE = 'mutation { createProgram(input: { name: "P", contractType: OTHER, measurementPeriod: "CY2025" }) { id } }';
const now = () => Math.floor(Date.now() / 1000);
const key = (secret: string) => new TextEncoder().encode(secret);

/** Claims a valid token carries; each case below breaks one thing. */
const validClaims = (): JWTPayload => ({ sub: 'user-1', org_id: randomUUID(), roles: ['org_admin'], permissions: [] });

interface SignOptions { secret?: string; alg?: string; iat?: number; exp?: number; nbf?: number; iss?: string; aud?: string }

/** Crafts a token by hand with jose, so every claim and header can be wrong on purpose. */
function sign(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuedAt(options.iat ?? now())
    .setExpirationTime(options.exp ?? now() + 3600);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  if (options.iss !== undefined) jwt.setIssuer(options.iss);
  if (options.aud !== undefined) jwt.setAudience(options.aud);
  return jwt.sign(key(options.secret ?? TEST_JWT_SECRET));
}

/** A rejected token: UNAUTHENTICATED from the context (HTTP 401), no data, and the token never echoed. */
function expectRejected(res: GraphQLResponse, token: string) {
  expect(res.status).toBe(401);
  expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  expect(res.data ?? null).toBeNull();
  expect(JSON.stringify(res.errors)).not.toContain(token);
  for (const segment of token.split('.').filter((s) => s.length > 8)) expect(JSON.stringify(res.errors)).not.toContain(segment);
}

describe('without a token', () => {
  it.each([
    ['the programs query', PROGRAMS],
    ['the createProgram mutation', CREATE],
    ['a program by id', `{ program(id: "${randomUUID()}") { id } }`],
    ['the dashboard', '{ vbpDashboard { programCount } }'],
  ])('%s is UNAUTHENTICATED', async (_name, query) => {
    const res = await app.gql(query);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('nothing is stored by a mutation sent without a token', async () => {
    const before = await app.db.prisma.program.count();
    await app.gql(CREATE);
    expect(await app.db.prisma.program.count()).toBe(before);
  });

  it('_service { sdl } answers, so the router can compose', async () => {
    const res = await app.gql('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    expect(res.data._service.sdl).toMatch(/type Program\s+@key\(fields: "id"\)/);
  });
});

describe('an invalid token is UNAUTHENTICATED from the context, HTTP 401, never echoed', () => {
  const header = (h: object) => base64url.encode(JSON.stringify(h));
  const cases: [string, () => Promise<string> | string][] = [
    ['an expired token', () => sign(validClaims(), { iat: now() - 7200, exp: now() - 3600 })],
    ['a token not yet valid (nbf in the future)', () => sign(validClaims(), { nbf: now() + 3600, exp: now() + 7200 })],
    ['a token signed with another secret', () => sign(validClaims(), { secret: 'another-secret-that-is-long-enough-to-sign' })],
    ['a token signed with another HMAC algorithm (HS512)', () => sign(validClaims(), { alg: 'HS512' })],
    ['a malformed token "abc"', () => 'abc'],
    ['three garbage segments', () => 'garbage-one.garbage-two.garbage-three'],
    ['a token with alg "none"', () => new UnsecuredJWT(validClaims()).setIssuedAt().setExpirationTime('1h').encode()],
    ['alg "none" with a copied HS256 signature', async () => {
      const [, payload, signature] = (await sign(validClaims())).split('.');
      return `${header({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
    }],
    ['a valid signature over a tampered payload', async () => {
      const [h, , signature] = (await sign(validClaims())).split('.');
      return `${h}.${base64url.encode(JSON.stringify({ ...validClaims(), exp: now() + 3600 }))}.${signature}`;
    }],
    ['a token without org_id', () => sign({ sub: 'user-1', roles: ['org_admin'] })],
    ['a token whose org_id is not a UUID', () => sign({ ...validClaims(), org_id: 'org-1' })],
    ['a token whose org_id is a number', () => sign({ ...validClaims(), org_id: 42 })],
    ['a token whose roles is a string, not an array', () => sign({ ...validClaims(), roles: 'org_admin' })],
    ['a token whose roles is an object', () => sign({ ...validClaims(), roles: { org_admin: true } })],
    ['a token whose permissions is a string', () => sign({ ...validClaims(), permissions: 'pm.vbp.manage' })],
    ['a token without sub', () => sign({ org_id: randomUUID(), roles: ['org_admin'] })],
    ['a token whose sub is longer than OpenID Connect allows (256)', () => sign({ ...validClaims(), sub: 'u'.repeat(256) })],
    ['a token whose sub holds a control character', () => sign({ ...validClaims(), sub: 'user\n1' })],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const token = await make();
    expectRejected(await app.gql(PROGRAMS, {}, token), token);
  });

  it('rejects a mutation with a wrongly signed token and stores nothing for its org_id', async () => {
    const orgId = randomUUID();
    const token = await sign({ ...validClaims(), org_id: orgId }, { secret: 'another-secret-that-is-long-enough-to-sign' });
    expectRejected(await app.gql(CREATE, {}, token), token);
    const after = await app.gql(PROGRAMS, {}, await tokenFor(orgId));
    expect(after.data).toEqual({ programs: { totalCount: 0 } });
  });

  it.each([
    ['Basic credentials', 'Basic xyz'],
    ['a bare token without the Bearer scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
    ['Bearer with two tokens', 'Bearer abc def'],
  ])('Authorization with %s is UNAUTHENTICATED', async (_name, authorization) => {
    const res = await app.gql(PROGRAMS, {}, undefined, { authorization });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(res.errors)).not.toContain('xyz');
  });

  it('the same valid claims are accepted when properly signed (the cases above fail for their one defect)', async () => {
    const res = await app.gql(PROGRAMS, {}, await sign(validClaims()));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ programs: { totalCount: 0 } });
  });

});

describe('issuer and audience, enforced when configured', () => {
  const ISSUER = 'https://idp.example';
  const AUDIENCE = 'pm-vbp';
  let strict: TestApp;
  beforeAll(async () => { strict = await startTestApp({ auth: { secret: TEST_JWT_SECRET, issuer: ISSUER, audience: AUDIENCE } }); });
  afterAll(async () => { await strict.close(); });

  it('accepts a token with the configured issuer and audience', async () => {
    const res = await strict.gql(PROGRAMS, {}, await sign(validClaims(), { iss: ISSUER, aud: AUDIENCE }));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ programs: { totalCount: 0 } });
  });

  it.each<[string, SignOptions]>([
    ['a wrong issuer', { iss: 'https://evil.example', aud: AUDIENCE }],
    ['no issuer', { aud: AUDIENCE }],
    ['a wrong audience', { iss: ISSUER, aud: 'another-api' }],
    ['no audience', { iss: ISSUER }],
    ['neither', {}],
  ])('rejects a token with %s', async (_name, options) => {
    const token = await sign(validClaims(), options);
    expectRejected(await strict.gql(PROGRAMS, {}, token), token);
  });

  it('still lets _service through without a token', async () => {
    const res = await strict.gql('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    expect(res.data._service.sdl).toContain('type Query');
  });
});
