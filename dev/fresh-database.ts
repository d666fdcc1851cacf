import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Creates an empty database (or a copy of `template`) on the server of
 * `adminUrl` and returns its URL, with a function that drops it. Tests and
 * benchmarks never reuse state.
 */
export async function createFreshDatabase(
  adminUrl: string, prefix: string, template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
