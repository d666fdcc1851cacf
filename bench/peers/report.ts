import { writeResults } from '../results';
import type { ServerResult } from './load-server';

/** The targets of the comparison; printed as pass/fail, never failing the run. */
const TARGETS = [
  { name: 'ours req/s ≥ 2.0 × PostGraphile req/s', ratio: 'oursPerPostgraphileReqPerSec', min: 2.0 },
  { name: 'ours req/s ≥ 1.3 × raw req/s', ratio: 'oursPerRawReqPerSec', min: 1.3 },
  { name: 'ours p99 ≤ raw p99', ratio: 'oursPerRawP99', max: 1.0 },
] as const;

const round = (n: number, places = 2) => Number(n.toFixed(places));

export function compare(results: ServerResult[]) {
  const by = Object.fromEntries(results.map((r) => [r.server, r]));
  const ratios = {
    oursPerPostgraphileReqPerSec: round(by.ours.reqPerSec / by.postgraphile.reqPerSec),
    oursPerRawReqPerSec: round(by.ours.reqPerSec / by.raw.reqPerSec),
    oursPerRawP99: round(by.ours.latencyMs.p99 / by.raw.latencyMs.p99),
  };
  const targets = TARGETS.map((t) => {
    const value = ratios[t.ratio];
    return { target: t.name, value, pass: 'min' in t ? value >= t.min : value <= t.max };
  });
  return { ratios, targets };
}

export function printReport(results: ServerResult[], comparison: Partial<ReturnType<typeof compare>>, notes: string[]): string {
  const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB', 'SQL/req', '(tx+set)', 'SQL/req load', 'KB/resp', 'CPU ms/req', 'PG CPU', 'rest CPU', 'failures'];
  const rows = results.map((r) => [
    r.server, r.reqPerSec.toFixed(1), String(r.latencyMs.p50), String(r.latencyMs.p99), String(r.serverRssMb),
    String(r.sqlPerRequest.total), `${r.sqlPerRequest.transaction}+${r.sqlPerRequest.settings}`, String(r.sqlPerRequestUnderLoad),
    (r.responseBytes / 1024).toFixed(0),
    r.cpuMsPerRequest.server.toFixed(1), r.cpuMsPerRequest.postgres === null ? 'n/a' : r.cpuMsPerRequest.postgres.toFixed(1), r.cpuMsPerRequest.rest === null ? 'n/a' : r.cpuMsPerRequest.rest.toFixed(1),
    String(r.failures.non2xx + r.failures.errors + r.failures.timeouts + r.failures.graphqlErrors),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  const { ratios } = comparison;
  const text = [
    line(header), ...rows.map(line), '',
    ratios
      ? `ours/PostGraphile req/s ${ratios.oursPerPostgraphileReqPerSec}   ours/raw req/s ${ratios.oursPerRawReqPerSec}   ours/raw p99 ${ratios.oursPerRawP99}`
      : 'ratios and targets: only when all three are loaded',
    ...(comparison.targets ?? []).map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.target} (${t.value})`),
    '', ...notes,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  return text;
}

/** bench/results/peers-<time>.json. */
export const writeReport = (report: object): string => writeResults('peers', report);
