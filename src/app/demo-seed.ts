import type { Database } from '../platform/db/client';
import { inOneTransaction } from '../platform/db/tenant';
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

/** Seeding runs in one transaction; a slow disk or a busy machine may take a while over the hundreds of statements. */
const SEED_TIMEOUT_MS = 5 * 60_000;

/**
 * A first start in development fills the demo organization (the development
 * token's) with each module's demo data, so the first query shows real
 * numbers. Only while that organization has no program: restarts, and a
 * developer's own data, are left alone. All of it is one transaction: a
 * failure midway (a crash, a bug in one module's seed) leaves the
 * organization empty, and the next start seeds it again; two instances
 * starting at once on a new database seed it once. Returns whether it seeded;
 * a failure is logged, and the service starts without demo data.
 */
export async function seedDemoData(db: Database, options: DemoSeedOptions): Promise<boolean> {
  if (options.production || !options.enabled) return false;
  try {
    const seeded = await inOneTransaction(db.prisma, DEMO_ORG_ID, async (tenant) => {
      if (await hasPrograms(tenant)) return false;
      const deps = { db: tenant, phi: createPhiKeys(options.phiKey), log: options.log, userId: 'demo-seed' };
      for (const module of modules) await module.seed?.(deps);
      return true;
    }, { timeoutMs: SEED_TIMEOUT_MS, lock: 'pm-vbp demo seed' });
    if (seeded) options.log.info({ organization: DEMO_ORG_ID }, 'demo data seeded (SEED_DEMO=false skips it)');
    return seeded;
  } catch (error) {
    // Demo data is a convenience: the service starts without it rather than not at all.
    options.log.error({ err: error, organization: DEMO_ORG_ID }, 'demo data not seeded; nothing of it was kept and the next start tries again');
    return false;
  }
}
