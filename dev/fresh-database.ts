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
  await onAdmin(adminUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

/** Drops the database `name` (one `createFreshDatabase` made) on the server of `adminUrl`, sessions and all. */
export const dropDatabase = (adminUrl: string, name: string) => onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
