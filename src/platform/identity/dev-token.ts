import { type Permission, type Role, signToken } from './token';

/** The organization the development token acts for (a fixed UUID, so data survives restarts). */
export const DEMO_ORG_ID = '00000000-0000-4000-8000-000000000001';

export function developmentToken(secret: string, options: { orgId?: string; roles?: Role[]; permissions?: Permission[]; sub?: string } = {}) {
  return signToken(
    { sub: options.sub ?? 'dev-user', orgId: options.orgId ?? DEMO_ORG_ID, roles: options.roles ?? ['org_admin'], permissions: options.permissions },
    secret,
    { expiresIn: '12h' },
  );
}
