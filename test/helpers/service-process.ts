import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { createFreshDatabase } from '../../dev/fresh-database';
import { freePort } from '../../dev/free-port';
import { TEST_PHI_KEY } from './server';
import { TEST_JWT_SECRET } from './tokens';

const ROOT = join(__dirname, '..', '..');

/** A database a service process can be pointed at, and read by the test as its owner afterwards. */
export interface ServiceDatabase {
  env: Record<string, string>;
  /** Runs one query as the owner (RLS does not apply); only while no service process holds a PGlite directory. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh database on TEST_DATABASE_URL's server when set, else a new PGlite directory. */
export async function serviceDatabase(): Promise<ServiceDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const fresh = await createFreshDatabase(adminUrl, 'pm_vbp_proc');
    return {
      env: { DATABASE_URL: fresh.url },
      async query(sql) {
        const client = new Client({ connectionString: fresh.url });
        await client.connect();
        try { return (await client.query(sql)).rows; } finally { await client.end(); }
      },
      drop: fresh.drop,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'pm-vbp-proc-'));
  return {
    env: { PGLITE_DIR: dir },
    async query(sql) {
      const pglite = new PGlite(dir);
      try { return (await pglite.query(sql)).rows as never[]; } finally { await pglite.close(); }
    },
    drop: async () => undefined,
  };
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * `npm start` as a process: src/main.ts in production mode (so no development
 * token), compiled on the fly (ts-register.js), resolved once it logs `ready`.
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', './test/helpers/ts-register.js', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), LOG_LEVEL: 'info',
      AUTH_JWT_SECRET: TEST_JWT_SECRET, PHI_ENCRYPTION_KEY: TEST_PHI_KEY, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line));
  });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (logs.some((l) => l.msg === 'ready')) { clearInterval(timer); resolve(); }
    }, 50);
    void exited.then((code) => { clearInterval(timer); reject(new Error(`service exited (${code}) before ready: ${stderr}`)); });
  });
  await ready;
  return { url: `http://127.0.0.1:${port}`, child, logs, exited };
}
