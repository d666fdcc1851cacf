import { randomUUID } from 'node:crypto';
import { createTokenVerifier, isCanonicalBase64url, isCanonicalCompactJws, signToken } from './token';

describe('isCanonicalBase64url', () => {
  it.each<[string, string, boolean]>([
    ['empty', '', true],
    ['4 characters, 3 bytes', 'YWJj', true],
    ['3 characters, 2 bytes', 'YWI', true],
    ['2 characters, 1 byte', 'YQ', true],
    ['the url alphabet', '-_-_', true],
    ['a JWT header', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', true],
    ['padding', 'YQ==', false],
    ['one padding character', 'YWI=', false],
    ['padding on a whole group', 'YWJj==', false],
    ['trailing bits set (1 byte)', 'YR', false],
    ['trailing bits set (2 bytes)', 'YWJ', false],
    ['a lone last character', 'YWJjZ', false],
    ['standard alphabet +', '+/+/', false],
    ['standard alphabet /', 'ab/c', false],
    ['a space', 'YW Jj', false],
    ['a trailing newline', 'YWJj\n', false],
    ['a leading tab', '\tYWJj', false],
    ['a dot', 'YW.j', false],
    ['non-ASCII', 'YWJé', false],
  ])('%s: %j → %s', (_what, text, canonical) => {
    expect(isCanonicalBase64url(text)).toBe(canonical);
  });
});

describe('isCanonicalCompactJws', () => {
  const jws = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJlcw';
  it.each<[string, string, boolean]>([
    ['three canonical segments', jws, true],
    ['padding appended to the signature', `${jws}==`, false],
    ['padding appended to the payload', jws.replace('In0.', 'In0=.'), false],
    ['an empty segment', 'eyJhbGciOiJIUzI1NiJ9..c2lnbmF0dXJlcw', false],
    ['two segments', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0', false],
    ['five segments (a JWE)', `${jws}.YQ.YQ`, false],
    ['a trailing dot', `${jws}.`, false],
  ])('%s → %s', (_what, token, canonical) => {
    expect(isCanonicalCompactJws(token)).toBe(canonical);
  });
});

describe('a verifier remembers the tokens it verified, never past their expiry', () => {
  const secret = 'a-secret-for-the-verified-token-tests-only';
  let now = Date.now();
  const verify = createTokenVerifier({ secret }, () => now);
  const rejected = (token: string) => expect(verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });

  it('a token verified once is refused once its exp has passed, at the same second as jose refuses it', async () => {
    now = Date.now();
    const token = await signToken({ sub: 'u', orgId: randomUUID() }, secret, { expiresIn: '10s' });
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp as number;
    const auth = await verify(token);
    expect(await verify(token)).toBe(auth); // remembered: the same, frozen
    expect(Object.isFrozen(auth) && Object.isFrozen(auth.roles)).toBe(true);
    now = exp * 1000 - 1;
    expect(await verify(token)).toBe(auth);
    now = exp * 1000;
    await rejected(token);
    now = exp * 1000 - 1; // and, forgotten, it is verified afresh
    expect(await verify(token)).toEqual(auth);
  });

  it('a token differing from a verified one in its signature or payload is refused', async () => {
    now = Date.now();
    const token = await signToken({ sub: 'u', orgId: randomUUID() }, secret);
    await verify(token);
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    await rejected(`${header}.${payload}.${flipped}`);
    const other = await signToken({ sub: 'u', orgId: randomUUID() }, 'another-secret-of-the-same-length-as-it-is');
    await rejected(`${header}.${other.split('.')[1]}.${signature}`);
  });
});
