import { get } from 'node:http';

/**
 * bench:overload's /health prober, in its own process so that the load
 * generator's event loop does not delay it: a GET /health every 200 ms on a
 * new connection (as a load balancer's probe), timed from connecting to the
 * end of the body, until told to stop.
 */
const url = process.argv[2];
const latencies: number[] = [];
/** Probes over 500 ms; `connectedAt` and `endedAt` are wall-clock times (bench:overload matches them with the server's). */
const slow: { atMs: number; connectMs: number; ms: number; connectedAt: number; endedAt: number }[] = [];
const wallClock = (monotonic: number) => performance.timeOrigin + monotonic;
let failures = 0;
let stopping = false;

const probeOnce = () => new Promise<{ status: number; connectMs: number }>((resolve, reject) => {
  const started = performance.now();
  let connectMs = 0;
  const req = get(url, { agent: false, timeout: 10_000 }, (res) => {
    res.resume();
    res.on('end', () => resolve({ status: res.statusCode ?? 0, connectMs }));
  });
  req.on('socket', (socket) => socket.once('connect', () => { connectMs = performance.now() - started; }));
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', reject);
});

let begun = 0;

async function probe() {
  // One probe before the load: the prober's own start (modules, first connection) is not the server's latency.
  await probeOnce().catch(() => undefined);
  process.send!({ type: 'probing' });
  begun = performance.now();
  while (!stopping) {
    const started = performance.now();
    try {
      const { status, connectMs } = await probeOnce();
      const ms = performance.now() - started;
      if (status === 200) latencies.push(ms);
      else failures++;
      if (ms > 500) {
        slow.push({ atMs: Math.round(started - begun), connectMs: Math.round(connectMs), ms: Math.round(ms), connectedAt: wallClock(started + connectMs), endedAt: wallClock(started + ms) });
      }
    } catch {
      failures++;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Told to stop: report, then leave (the IPC channel would keep this process alive).
  process.send!({ type: 'probed', latencies, failures, slow }, () => process.exit(0));
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') stopping = true;
});
void probe();
