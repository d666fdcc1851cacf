import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates the embedded database's cluster in `dir` when there is none yet, in a child process.
 *
 * PGlite runs initdb inside the process that opens a new directory, and initdb's WebAssembly
 * memory (several hundred MB) stays in that process's RSS long after it is freed: a service
 * started on a new directory would carry it for its whole life. A short-lived child does
 * initdb instead; the service then opens an existing cluster.
 */
export async function ensurePgliteCluster(dir: string): Promise<void> {
  if (dir.startsWith('memory://') || existsSync(join(dir, 'PG_VERSION'))) return;
  const script = `const { PGlite } = require(${JSON.stringify(require.resolve('@electric-sql/pglite'))});
    const db = new PGlite(process.argv[1]);
    db.waitReady.then(() => db.close()).catch((error) => { console.error(error); process.exit(1); });`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['-e', script, dir], { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`could not create the embedded database in ${dir}: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
