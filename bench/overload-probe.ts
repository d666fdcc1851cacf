/**
 * bench:overload's /health prober, in its own process so that the load
 * generator's event loop does not delay it: a GET /health every 200 ms, each
 * timed from send to the end of its body, until told to stop.
 */
const url = process.argv[2];
const latencies: number[] = [];
const slow: { atMs: number; ms: number }[] = [];
const begun = performance.now();
let failures = 0;
let stopping = false;

async function probe() {
  while (!stopping) {
    const started = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status === 200) latencies.push(ms);
      if (ms > 500) slow.push({ atMs: Math.round(started - begun), ms: Math.round(ms) });
      else failures++;
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
