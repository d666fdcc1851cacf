import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { freePort } from './free-port';
import { serviceNodeFlags } from './service-flags';

/** What npm run test:chaos's phases share: the service as a process and one GraphQL request with a hang limit. */

export const CHAOS_SECRET = 'chaos-secret-chaos-secret-chaos-secret';
/** A request that takes longer than this is a hang: the service must answer, if only with an error. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** At most this many of the service's error log lines are kept for the report. */
const MAX_ERROR_LINES = 5;

/** One run's findings: the report (printed as JSON), a line of it, and what failed (empty: passed). */
export interface ChaosRun { report: Record<string, unknown>; summary: string; failures: string[] }

export interface ChaosService {
  url: string;
  child: ChildProcess;
  errorLines: string[];
  /** SIGTERM and the exit, unless it is gone already. */
  stop(): Promise<void>;
}

export function assertLoopback(url: string, what: string) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`test:chaos restarts ${what}: it runs only against a loopback server, not ${host}`);
  }
}

/** `npm start` (the compiled service, its production Node flags) on a free port, resolved once /ready answers 200. */
export async function startService(databaseUrl: string, env: Record<string, string> = {}): Promise<ChaosService> {
  const port = await freePort();
  const child = spawn(process.execPath, [...serviceNodeFlags(), join(__dirname, '..', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: CHAOS_SECRET, PHI_ENCRYPTION_KEY: CHAOS_SECRET, LOG_LEVEL: 'warn', ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The service's own error lines (pino level 50 and up: an unexpected error, which a client sees only
  // as a masked INTERNAL_SERVER_ERROR) say why; the report shows the first few.
  const errorLines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (errorLines.length < MAX_ERROR_LINES && /"level":(5|6)\d/.test(line)) errorLines.push(line.slice(0, 2000));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('the service exited while starting');
    if (await fetch(`${url}/ready`).then((r) => r.ok, () => false)) return { url, child, errorLines, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('the service did not become ready');
}

export interface GraphQLBody { data?: any; errors?: { extensions?: { code?: string } }[] }

export async function request(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<GraphQLBody> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return (await response.json()) as GraphQLBody;
}

/** A failed request's code: the first GraphQL error's, or HUNG (over the time limit) / NETWORK when there was no answer. */
export const thrownCode = (error: unknown) => ((error as Error).name === 'TimeoutError' ? 'HUNG' : 'NETWORK');

/** A service that exited during the run: its code or signal (null while it runs). */
export const exitOf = (service: ChaosService) => service.child.exitCode ?? service.child.signalCode;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
