import { readFileSync } from 'node:fs';
import type { Database } from '../src/platform/db/client';

/**
 * CPU time (ms) a PostgreSQL backend of this machine has used so far, from
 * /proc/<pid>/schedstat (nanoseconds on a CPU): exact per process, whatever
 * else the machine runs, where the rest of the machine's CPU
 * (peers/machine-cpu.ts) counts every other job too. Undefined when the
 * backend is gone or not visible (PostgreSQL on another machine, not Linux).
 */
export function postgresCpuMs(pid: number): number | undefined {
  try {
    // A backend of a PostgreSQL elsewhere may share its pid with some process of this machine.
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') return undefined;
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * A window over the CPU of the PostgreSQL backends serving this database:
 * `stop()` gives what they used since it opened. Only backends alive at both
 * ends count: the pool's connections, which sequential requests keep (the
 * query that lists them runs on one of them; its own cost is negligible).
 * Undefined on PGlite (its work is the server's own) or when no backend is visible.
 */
export async function backendCpuWindow(db: Database) {
  if (db.kind !== 'postgres') return undefined;
  const pids = (await db.withSession((s) => s.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')))
    .map(({ pid }) => pid);
  const read = () => new Map(pids.flatMap((pid) => {
    const ms = postgresCpuMs(pid);
    return ms === undefined ? [] : [[pid, ms] as const];
  }));
  const before = read();
  if (before.size === 0) return undefined;
  return {
    stop(): number {
      let ms = 0;
      for (const [pid, after] of read()) ms += after - (before.get(pid) ?? after);
      return ms;
    },
  };
}
