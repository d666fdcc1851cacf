import { createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey, SignJWT } from 'jose';
import { isUuid } from '../../domain/uuid';
import { unauthenticated } from '../graphql/errors';

export const PERMISSIONS = [
  'pm.vbp.view', 'pm.vbp.manage', 'pm.capitation.view', 'pm.capitation.manage', 'pm.quality.ingest',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['org_admin', 'site_admin', 'staff', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** The contract README's role table. `service` grants nothing by itself. */
const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  org_admin: ['pm.vbp.view', 'pm.vbp.manage', 'pm.capitation.view', 'pm.capitation.manage'],
  site_admin: ['pm.vbp.view', 'pm.capitation.view'],
  staff: ['pm.vbp.view'],
  service: [],
};

/** Who is calling, as verified from the token; the only source of the organization. */
export interface Auth {
  userId: string;
  orgId: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
}

const isPermission = (p: unknown): p is Permission => PERMISSIONS.includes(p as Permission);
const isRole = (r: unknown): r is Role => ROLES.includes(r as Role);

/** Roles plus explicit permissions; a `*.manage` permission implies its `*.view`. */
export function permissionsOf(roles: readonly Role[], extra: readonly Permission[] = []): Set<Permission> {
  const granted = new Set<Permission>([...roles.flatMap((r) => ROLE_PERMISSIONS[r]), ...extra]);
  for (const p of [...granted]) {
    if (p.endsWith('.manage')) granted.add(p.replace(/\.manage$/, '.view') as Permission);
  }
  return granted;
}


function authFromClaims(claims: JWTPayload): Auth {
  const { sub, org_id: orgId, roles = [], permissions = [] } = claims as JWTPayload & Record<string, unknown>;
  // OpenID Connect: a subject is at most 255 ASCII characters; it is stored as reconciledBy.
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > 255 || /[\u0000-\u001f\u007f]/.test(sub)) {
    throw unauthenticated('Token has no valid subject');
  }
  if (!isUuid(orgId)) throw unauthenticated('Token has no valid org_id');
  if (!Array.isArray(roles) || !Array.isArray(permissions)) throw unauthenticated('Token roles and permissions must be arrays');
  const knownRoles = Object.freeze(roles.filter(isRole)) as Role[];
  // Frozen: every request sending the same token gets this one (createTokenVerifier).
  return Object.freeze({ userId: sub, orgId: orgId.toLowerCase(), roles: knownRoles, permissions: permissionsOf(knownRoles, permissions.filter(isPermission)) });
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * True when `text` is the one base64url spelling of the bytes it decodes to:
 * the alphabet only (no padding, no whitespace, no `+` or `/`), no length
 * that leaves a lone character, and no bits set past the last whole byte
 * (which decoders drop, so `…Q` and `…R` could both spell one byte).
 */
export function isCanonicalBase64url(text: string): boolean {
  return BASE64URL.test(text) && text.length % 4 !== 1 && Buffer.from(text, 'base64url').toString('base64url') === text;
}

/** A JWS in compact form whose three segments are each non-empty canonical base64url: a token has exactly one spelling. */
export function isCanonicalCompactJws(token: string): boolean {
  const segments = token.split('.');
  return segments.length === 3 && segments.every((s) => s.length > 0 && isCanonicalBase64url(s));
}

export interface AuthSettings { secret?: string; jwksUrl?: string; issuer?: string; audience?: string }

export type TokenVerifier = (token: string) => Promise<Auth>;

/**
 * Tokens verified by one verifier, by their exact text. A client sends the
 * same token with every request until it expires, and checking it again
 * (its spelling, HMAC or signature, claims: most of a small request's CPU)
 * would give the same answer: only its expiry moves, and that is checked at
 * every use, as jose checks it. An entry is trusted for REVERIFY_AFTER_MS at
 * most, so a key withdrawn from a JWKS stops working as soon as jose's own
 * copy of the key set (cached longer) lets it. Only a token that passed every
 * check is kept; a token differing in one character is a different key.
 */
const REVERIFY_AFTER_MS = 60_000;
const MAX_VERIFIED_TOKENS = 1_000;

interface Verified { auth: Auth; exp: number; trustedUntil: number }

/**
 * HS256 with a shared secret, or RS256/ES256 from a JWKS; issuer and audience enforced when configured.
 * `clock` (epoch ms) is for tests.
 */
export function createTokenVerifier(settings: AuthSettings, clock: () => number = Date.now): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey | undefined = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl))
    : settings.secret ? new TextEncoder().encode(settings.secret) : undefined;
  if (!key) throw new Error('No JWT key configured');
  const algorithms = settings.jwksUrl ? ['RS256', 'ES256'] : ['HS256'];
  const verified = new Map<string, Verified>();
  return async (token) => {
    const now = clock();
    const known = verified.get(token);
    // jose: expired once `exp` is at or before the current second.
    if (known && known.exp > Math.floor(now / 1000) && now < known.trustedUntil) return known.auth;
    if (known) verified.delete(token);
    // jose decodes leniently (padding, trailing bits): a token would otherwise verify under many spellings.
    if (!isCanonicalCompactJws(token)) throw unauthenticated('Invalid or expired token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms, issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp'], currentDate: new Date(now),
      }));
    } catch {
      // jose's reason (expired, bad signature, …) stays out of the response: it can echo claims.
      throw unauthenticated('Invalid or expired token');
    }
    const auth = authFromClaims(payload);
    if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
    verified.set(token, { auth, exp: payload.exp!, trustedUntil: now + REVERIFY_AFTER_MS });
    return auth;
  };
}

export interface TokenClaims { sub: string; orgId: string; roles?: Role[]; permissions?: Permission[] }

/** Signs an HS256 token: the development token, `npm run dev:token`, and the tests. */
export function signToken(claims: TokenClaims, secret: string, options: { expiresIn?: string; issuer?: string; audience?: string } = {}) {
  let jwt = new SignJWT({ org_id: claims.orgId, roles: claims.roles ?? [], permissions: claims.permissions ?? [] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
