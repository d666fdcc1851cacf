import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);

/** The built entry point (npm ci builds it), run as `npm start` would. */
async function start(env: Record<string, string>) {
  try {
    await run(process.execPath, ['dist/src/main.js'], { cwd: root, env: { PATH: process.env.PATH!, ...env }, timeout: 20_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

it.each([
  [{}, 'Refusing to start in production without AUTH_JWT_SECRET or AUTH_JWKS_URL'],
  [{ AUTH_JWT_SECRET: 'x'.repeat(32) }, 'Refusing to start in production without PHI_ENCRYPTION_KEY'],
])('in production with %p it refuses to start, saying why', async (env, message) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pm-vbp-prod-'));
  const result = await start({ NODE_ENV: 'production', DATA_DIR: dataDir, PGLITE_DIR: join(dataDir, 'db'), ...env });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(message);
});
