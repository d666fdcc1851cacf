import type { Database } from '../platform/db/client';
import { tenantDb } from '../platform/db/tenant';
import { DEMO_ORG_ID } from '../platform/identity/dev-token';
import type { Logger } from '../platform/log';
import { createPhiKeys } from '../platform/phi';
import { hasPrograms } from '../vbp';
import { modules } from './modules';

export interface DemoSeedOptions {
  /** Production never seeds, whatever else is set. */
  production: boolean;
  /** SEED_DEMO (default on in development): false skips the demo data. */
  enabled: boolean;
  phiKey: string;
  log: Logger;
}

/**
 * A first start in development fills the demo organization (the development
 * token's) with each module's demo data, so the first query shows real
 * numbers. Only while that organization has no program: restarts, and a
 * developer's own data, are left alone. Returns whether it seeded.
 */
export async function seedDemoData(db: Database, options: DemoSeedOptions): Promise<boolean> {
  if (options.production || !options.enabled) return false;
  const tenant = tenantDb(db.prisma, DEMO_ORG_ID, db.rawTransaction);
  if (await hasPrograms(tenant)) return false;
  const deps = { db: tenant, phi: createPhiKeys(options.phiKey), log: options.log, userId: 'demo-seed' };
  for (const module of modules) await module.seed?.(deps);
  options.log.info({ organization: DEMO_ORG_ID }, 'demo data seeded (SEED_DEMO=false skips it)');
  return true;
}
