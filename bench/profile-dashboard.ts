import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_QUERY, seedVbp } from '../dev/seed';
import { startBenchApp } from './bench-app';
import { serviceNodeFlags } from '../dev/service-flags';
import { restOfMachineCpu } from './peers/machine-cpu';
import { backendCpuWindow } from './backend-cpu';

/**
 * npm run bench:profile: server CPU time per dashboard request. Wall-clock
 * req/s is noisy on a shared machine, CPU time is not: the server runs in a
 * child process that reports its own process.cpuUsage() around REQUESTS
 * sequential requests, so neither the client nor the other load on the
 * machine counts. PROFILE=1 also records a V8 CPU profile of just those
 * requests (what `node --cpu-prof` writes, without start-up and warm-up),
 * saves it for Chrome DevTools and prints the top self times by package and function.
 * PostgreSQL when DATABASE_URL is set (a fresh database on that server), else PGlite
 * (whose database work then runs in the server process and counts).
 * postgresCpuMsPerRequest is the CPU of the PostgreSQL backends that served
 * them (backend-cpu.ts), exact however busy the machine; restCpuMsPerRequest
 * the rest of the machine over the same requests (all but the server and this
 * client: PostgreSQL and every other job; bench/peers/machine-cpu.ts).
 */
const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 300);
const WARMUP = Number(process.env.PROFILE_WARMUP ?? 150);
const TOP = Number(process.env.PROFILE_TOP ?? 40);

type Message = { type: string; [key: string]: unknown };

// ─── the child: the production server, seeded like bench-server.ts ───

async function serve() {
  const orgId = randomUUID();
  const app = await startBenchApp((db) => seedVbp(db.prisma, orgId, { programs: 50, measuresPerProgram: 10, paymentsPerProgram: 4 }).then(() => undefined));
  const token = await app.token(orgId, ['staff']);
  const profiler = process.env.PROFILE ? new Session() : undefined;
  profiler?.connect();
  let started = process.cpuUsage();
  let backends: Awaited<ReturnType<typeof backendCpuWindow>>;
  process.on('message', async (message: Message) => {
    if (message.type === 'start') {
      await profiler?.post('Profiler.enable');
      await profiler?.post('Profiler.start');
      backends = await backendCpuWindow(app.db);
      app.resetStatements();
      started = process.cpuUsage();
      process.send!({ type: 'start' });
    }
    if (message.type === 'stop') {
      const used = process.cpuUsage(started);
      const postgresMs = backends?.stop();
      const profile = profiler ? (await profiler.post('Profiler.stop')).profile : undefined;
      process.send!({ type: 'stop', userMs: used.user / 1000, systemMs: used.system / 1000, statements: app.statements(), postgresMs,
        rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024), profile: profile as CpuProfile | undefined });
    }
    if (message.type === 'exit') {
      await app.stop();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', url: app.url, token, database: app.db.kind });
}

// ─── the parent: sequential requests, then the report ───

const ask = <T extends Message>(child: ChildProcess, type: string): Promise<T> => new Promise((resolve) => {
  const onMessage = (message: Message) => {
    if (message.type !== type) return;
    child.off('message', onMessage);
    resolve(message as T);
  };
  child.on('message', onMessage);
  if (type !== 'ready') child.send({ type });
});

async function requests(count: number, url: string, token: string): Promise<number> {
  const body = JSON.stringify({ query: DASHBOARD_QUERY });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(`request failed: ${response.status} ${text.slice(0, 500)}`);
    bytes = Buffer.byteLength(text);
  }
  return bytes;
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Where a frame's code lives: a package, our code, node itself, or the VM (GC, idle, program). */
function packageOf(url: string): string {
  if (!url) return '(vm)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/generated/prisma/')) return 'generated prisma client';
  return 'our code';
}

/** Self time per function and per package, in ms per request. */
function summarize(profile: CpuProfile, perRequest: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const pkg = functionName === '(idle)' ? '(idle)' : functionName === '(garbage collector)' ? '(gc)' : packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const table = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, us]) => `${(us / 1000 / perRequest).toFixed(3).padStart(8)} ms  ${k}`).join('\n');
  return `self time per request, by package:\n${table(byPackage, 25)}\n\nby function:\n${table(byFunction, TOP)}`;
}

async function main() {
  const child = fork(__filename, ['serve'], { env: process.env, execArgv: serviceNodeFlags(), serialization: 'advanced' });
  const ready = await ask<Message & { url: string; token: string; database: string }>(child, 'ready');
  await requests(WARMUP, ready.url, ready.token); // JIT, pool, caches
  await ask(child, 'start');
  const window = restOfMachineCpu();
  const responseBytes = await requests(REQUESTS, ready.url, ready.token);
  const used = await ask<Message & { userMs: number; systemMs: number; statements: number; postgresMs?: number; rssMb: number; profile?: CpuProfile }>(child, 'stop');
  const restOf = window.stop();
  await new Promise((resolve) => { child.on('exit', resolve); child.send({ type: 'exit' }); });

  const total = used.userMs + used.systemMs;
  const rest = restOf(total);
  process.stdout.write(`${JSON.stringify({
    database: ready.database, requests: REQUESTS,
    cpuMsPerRequest: Number((total / REQUESTS).toFixed(2)),
    userMsPerRequest: Number((used.userMs / REQUESTS).toFixed(2)),
    systemMsPerRequest: Number((used.systemMs / REQUESTS).toFixed(2)),
    postgresCpuMsPerRequest: used.postgresMs === undefined ? undefined : Number((used.postgresMs / REQUESTS).toFixed(2)),
    restCpuMsPerRequest: rest === undefined ? undefined : Number((rest / REQUESTS).toFixed(2)),
    sqlStatementsPerRequest: used.statements / REQUESTS,
    responseBytes,
    serverRssMb: used.rssMb,
  }, null, 2)}\n`);
  if (used.profile) {
    const file = join(tmpdir(), `dashboard-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(used.profile));
    process.stdout.write(`\n${file}\n${summarize(used.profile, REQUESTS)}\n`);
  }
}

const run = process.argv[2] === 'serve' ? serve : main;
run().catch((error) => {
  process.stderr.write(`profile-dashboard: ${(error as Error).stack}\n`);
  process.exit(1);
});
