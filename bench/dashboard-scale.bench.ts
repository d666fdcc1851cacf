import { DASHBOARD_QUERY } from '../dev/seed';
import { serviceNodeFlags } from '../dev/service-flags';
import { startServer } from './peers/server-process';
import { table, writeResults } from './results';

/**
 * npm run bench (scale curve): the dashboard query at first 10, 25, 50 and 100
 * over 100 seeded programs, sequential requests to the server in its own
 * process: its CPU, SQL statements and wall time per request, and per program.
 * Cost per program should stay flat or fall as the page grows.
 */
const PAGES = [10, 25, 50, 100];
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);

async function main() {
  const server = await startServer({ name: 'ours', script: 'bench-server.js', query: '', nodeFlags: serviceNodeFlags(), env: { BENCH_PROGRAMS: '100' } });
  const token = server.ready.token as string;
  const ask = async (query: string) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    const text = await response.text();
    if (!response.ok || text.includes('"errors"')) throw new Error(text.slice(0, 300));
    return text.length;
  };
  const rows = [];
  try {
    for (const first of PAGES) {
      const query = DASHBOARD_QUERY.replace('programs(first: 50)', `programs(first: ${first})`);
      for (let i = 0; i < 10; i++) await ask(query); // warm-up: JIT, compiled document
      await server.resetCounts();
      const started = performance.now();
      let bytes = 0;
      for (let i = 0; i < REQUESTS; i++) bytes = await ask(query);
      const wallMs = (performance.now() - started) / REQUESTS;
      const stats = await server.stats();
      const cpuMs = stats.cpuMs / REQUESTS;
      rows.push({
        first, 'wall ms/req': wallMs.toFixed(1), 'server CPU ms/req': cpuMs.toFixed(1), 'CPU µs/program': Math.round((cpuMs * 1000) / first),
        'SQL/req': (stats.counts.total / REQUESTS).toFixed(1), 'KB/resp': Math.round(bytes / 1024), 'RSS MB': Math.round(stats.rss / 1024 / 1024),
      });
    }
  } finally {
    await server.stop();
  }
  process.stdout.write(`dashboard scale (${String(server.ready.database)}, ${REQUESTS} sequential requests per page size)\n${table(rows)}\n`);
  process.stdout.write(`written: ${writeResults('dashboard-scale', { database: server.ready.database, requests: REQUESTS, rows })}\n`);
}

main().catch((error) => {
  process.stderr.write(`dashboard scale bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
