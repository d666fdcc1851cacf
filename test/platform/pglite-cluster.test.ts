import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/platform/db/client';
import { ensurePgliteCluster } from '../../src/platform/db/pglite-cluster';

/** The embedded database's first start: its cluster is created by a child process (db/pglite-cluster.ts says why). */
describe('the embedded database on a directory', () => {
  let root: string;
  beforeAll(() => { root = mkdtempSync(join(tmpdir(), 'pm-vbp-cluster-')); });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a cluster in a new directory, which the service then opens with its own settings', async () => {
    const dir = join(root, 'new');
    mkdirSync(dir);
    await ensurePgliteCluster(dir);
    expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    const db = await openDatabase({ pgliteDir: dir });
    try {
      expect(await db.withSession((s) => s.query<{ shared_buffers: string }>('SHOW shared_buffers'))).toEqual([{ shared_buffers: '16MB' }]);
      await db.withSession((s) => s.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)'));
    } finally {
      await db.close();
    }
  });

  it('leaves an existing cluster as it is', async () => {
    const dir = join(root, 'new');
    const before = statSync(join(dir, 'PG_VERSION')).mtimeMs;
    await ensurePgliteCluster(dir);
    expect(statSync(join(dir, 'PG_VERSION')).mtimeMs).toBe(before);
    const db = await openDatabase({ pgliteDir: dir });
    try {
      expect(await db.withSession((s) => s.query('SELECT n FROM kept'))).toEqual([{ n: 7 }]);
    } finally {
      await db.close();
    }
  });

  it('says which directory it could not create a cluster in', async () => {
    const notADirectory = join(root, 'a-file');
    writeFileSync(notADirectory, 'not a cluster');
    await expect(ensurePgliteCluster(notADirectory)).rejects.toThrow(`could not create the embedded database in ${notADirectory}`);
  });
});
