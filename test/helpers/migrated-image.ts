import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFreshDatabase, dropDatabase } from '../../dev/fresh-database';
import { openDatabase } from '../../src/platform/db/client';
import { migrate } from '../../src/platform/db/migrate';

/**
 * The suite migrates once (jest's globalSetup) with the production runner and
 * every test file starts from a copy: a PGlite data directory image, or a
 * PostgreSQL template database. Booting an empty PGlite cluster and migrating
 * it again in each file was most of the suite's time. Each file still runs the
 * runner on its copy, which must then find nothing to apply.
 */
const IMAGE_ENV = 'PM_VBP_TEST_PGLITE_IMAGE';
const TEMPLATE_ENV = 'PM_VBP_TEST_TEMPLATE';

export async function prepareMigratedCopy(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const template = await createFreshDatabase(adminUrl, 'pm_vbp_template');
    const db = await openDatabase({ databaseUrl: template.url, pgliteDir: 'memory://', poolSize: 1 });
    try { await migrate(db); } finally { await db.close(); }
    process.env[TEMPLATE_ENV] = new URL(template.url).pathname.slice(1);
  } else {
    const db = await openDatabase({ pgliteDir: 'memory://' });
    try {
      await migrate(db);
      const file = join(tmpdir(), `pm_vbp_pglite_${process.pid}_${randomBytes(4).toString('hex')}.tar`);
      writeFileSync(file, Buffer.from(await (await db.pglite!.dumpDataDir('none')).arrayBuffer()));
      process.env[IMAGE_ENV] = file;
    } finally { await db.close(); }
  }
}

export async function disposeMigratedCopy(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (template && process.env.TEST_DATABASE_URL) await dropDatabase(process.env.TEST_DATABASE_URL, template);
  const image = process.env[IMAGE_ENV];
  if (image) rmSync(image, { force: true });
}

/** The migrated template database's name, when the suite prepared one (PostgreSQL). */
export const migratedTemplate = (): string | undefined => process.env[TEMPLATE_ENV];

/** The migrated PGlite image, when the suite prepared one. */
export function migratedImage(): Blob | undefined {
  const file = process.env[IMAGE_ENV];
  return file ? new Blob([readFileSync(file)]) : undefined;
}
