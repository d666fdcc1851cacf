import { randomUUID } from 'node:crypto';
import { codes, startTestApp, type TestApp } from '../helpers/server';
import { tokenFor } from '../helpers/tokens';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app.close(); });

const PROGRAMS = '{ programs { totalCount } }';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * An HS256 signature is 32 bytes: 43 base64url characters carry 258 bits, so
 * the last character's lowest 2 bits are padding that lenient decoders drop.
 * Flipping one of them spells the same signature differently.
 */
function withTrailingBitsChanged(token: string): string {
  const last = token[token.length - 1];
  return token.slice(0, -1) + ALPHABET[ALPHABET.indexOf(last) ^ 1];
}

describe('a token has exactly one spelling (contract: Hostile input, version 2)', () => {
  it('the token as signed is accepted, and its signature has trailing bits to change', async () => {
    const token = await tokenFor(randomUUID());
    expect(token.split('.')[2]).toHaveLength(43);
    const res = await app.gql(PROGRAMS, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ programs: { totalCount: 0 } });
  });

  it.each<[string, (token: string) => string]>([
    ['== appended to the signature', (t) => `${t}==`],
    ['= appended to the signature', (t) => `${t}=`],
    ['a trailing-bits character changed in the signature', withTrailingBitsChanged],
    ['the signature in the standard alphabet, padded', (t) => {
      const [h, p, s] = t.split('.');
      return `${h}.${p}.${Buffer.from(s, 'base64url').toString('base64')}`;
    }],
  ])('%s is UNAUTHENTICATED (401), though it decodes to the same bytes', async (_what, respell) => {
    const token = await tokenFor(randomUUID());
    const respelled = respell(token);
    expect(respelled).not.toBe(token);
    const [, , signature] = respelled.split('.');
    expect(Buffer.from(signature, 'base64url').equals(Buffer.from(token.split('.')[2], 'base64url'))).toBe(true);
    const res = await app.gql(PROGRAMS, {}, respelled);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data ?? null).toBeNull();
    expect(JSON.stringify(res.errors)).not.toContain(signature);
  });
});
