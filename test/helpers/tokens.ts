import { randomUUID } from 'node:crypto';
import { type Permission, type Role, signToken } from '../../src/platform/identity/token';

/** The HS256 secret every test app verifies with. */
export const TEST_JWT_SECRET = 'test-secret-for-the-pm-vbp-subgraph-suite-only';

export const tokenFor = (orgId: string, roles: Role[] = ['org_admin'], permissions: Permission[] = [], sub = 'test-user') =>
  signToken({ sub, orgId, roles, permissions }, TEST_JWT_SECRET);

/** A fresh organization with a token per role: each test owns its records. */
export async function newOrg() {
  const orgId = randomUUID();
  return {
    orgId,
    admin: await tokenFor(orgId, ['org_admin']),
    siteAdmin: await tokenFor(orgId, ['site_admin']),
    staff: await tokenFor(orgId, ['staff']),
    service: await tokenFor(orgId, ['service']),
  };
}
export type TestOrg = Awaited<ReturnType<typeof newOrg>>;
