import { readFileSync } from 'node:fs';

/**
 * Busy CPU time (ms, all cores) of the whole machine so far, from /proc/stat:
 * everything but idle and iowait. Over a timed run, this minus the server's
 * and the load generator's own CPU is what the rest of the machine spent,
 * nearly all of it PostgreSQL serving that server. Read this way because a
 * pool's backends may come and go during the run (PostGraphile's do), and an
 * ended process's CPU time can no longer be read per process.
 * Undefined off Linux.
 */
export function machineBusyCpuMs(): number | undefined {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    // USER_HZ is 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node).
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return undefined;
  }
}

/**
 * A window over which the rest of the machine's CPU is wanted: `stop()` ends
 * it and gives a function that, from the server's own CPU (ms) over the same
 * window, tells what the rest of the machine spent: all but that server and
 * this process (the load generator). Undefined off Linux.
 */
export function restOfMachineCpu() {
  const machineBefore = machineBusyCpuMs();
  const ownBefore = process.cpuUsage();
  return {
    stop() {
      const machineAfter = machineBusyCpuMs();
      const own = process.cpuUsage(ownBefore);
      return (serverCpuMs: number): number | undefined => (machineBefore === undefined || machineAfter === undefined ? undefined
        : Math.max(0, machineAfter - machineBefore - serverCpuMs - (own.user + own.system) / 1000));
    },
  };
}
