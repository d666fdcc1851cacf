import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { QueryCounts } from './count-queries';

/** One server under test, in its own process, with count-queries.js preloaded. */
export interface ServerProcess {
  name: string;
  url: string;
  /** The dashboard query this server answers. */
  query: string;
  /** What the server said when it was ready (ours: a token of its seeded organization, its query). */
  ready: Record<string, unknown>;
  resetCounts(): Promise<void>;
  /**
   * `cpuMs`: CPU time (user + system) the server process used since the last reset; `postgresCpuMs`:
   * that of the PostgreSQL backends its connections talk to (count-queries.ts), null where unreadable.
   */
  stats(): Promise<{ counts: QueryCounts; requests: number; cpuMs: number; postgresCpuMs: number | null; rss: number }>;
  stop(): Promise<void>;
}

const ask = <T>(child: ChildProcess, type: string, send = true): Promise<T> => new Promise((resolve, reject) => {
  const onMessage = (message: { type: string }) => {
    if (message.type !== type) return;
    child.off('message', onMessage);
    child.off('exit', onExit);
    resolve(message as T);
  };
  const onExit = (code: number | null) => reject(new Error(`server exited (${code}) while waiting for ${type}`));
  child.on('message', onMessage);
  child.once('exit', onExit);
  if (send) child.send({ type });
});

export interface ServerSpec {
  name: string;
  /** The compiled script, relative to dist/bench. */
  script: string;
  query: string;
  execPath?: string;
  /** Node flags before the script (ours: those of `npm start`). */
  nodeFlags?: string[];
  env: Record<string, string>;
}

export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const child = fork(join(__dirname, '..', spec.script), {
    execPath: spec.execPath ?? process.execPath,
    execArgv: [...(spec.nodeFlags ?? []), '-r', join(__dirname, 'count-queries.js')],
    env: { ...process.env, NODE_ENV: 'production', ...spec.env },
  });
  const ready = await ask<{ port: number }>(child, 'ready', false);
  return {
    name: spec.name,
    ready,
    url: `http://127.0.0.1:${ready.port}/graphql`,
    query: spec.query,
    resetCounts: () => ask<void>(child, 'count:reset'),
    stats: () => ask(child, 'count:stats'),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
