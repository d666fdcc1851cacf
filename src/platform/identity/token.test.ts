import { isCanonicalBase64url, isCanonicalCompactJws } from './token';

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
