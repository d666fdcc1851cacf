import { Client } from 'pg';
import { openDatabase } from '../../src/platform/db/client';
import { migrate } from '../../src/platform/db/migrate';
import { FILL_VBP_TABLES } from './fill-vbp-tables';
import { PEER_SCHEMA } from './peer-schema';
import { RAW_DASHBOARD_FUNCTION } from './raw-dashboard-function';

export interface LoadedData { organizationIds: string[]; programs: number; measures: number; payments: number; ms: number }

/**
 * Our migrations (the production runner), then our tables filled and copied
 * into the peers' schema, all on one connection (the fill's helper functions
 * live in pg_temp) and in one transaction.
 */
export async function loadData(databaseUrl: string): Promise<LoadedData> {
  const started = performance.now();
  const db = await openDatabase({ databaseUrl, pgliteDir: 'memory://' });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(FILL_VBP_TABLES);
    await client.query(PEER_SCHEMA);
    await client.query(RAW_DASHBOARD_FUNCTION);
    await client.query('COMMIT');
    const { rows: [counts] } = await client.query<{ programs: number; measures: number; payments: number }>(`SELECT
      (SELECT count(*)::int FROM pm_vbp_programs) AS programs, (SELECT count(*)::int FROM pm_vbp_measures) AS measures,
      (SELECT count(*)::int FROM pm_vbp_incentive_payments) AS payments`);
    const { rows } = await client.query<{ id: string }>('SELECT DISTINCT organization_id::text AS id FROM pm_vbp_programs ORDER BY 1');
    return { organizationIds: rows.map((row) => row.id), ...counts, ms: Math.round(performance.now() - started) };
  } finally {
    await client.end();
  }
}
