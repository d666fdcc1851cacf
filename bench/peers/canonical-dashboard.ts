import Decimal from 'decimal.js';

/**
 * One shape for the three answers, so they can be compared field by field:
 * programs in (name, id) byte order with their measures (measureId, id) and
 * payments (paymentPeriod, id); money as 2-decimal strings, rates and
 * benchmarks as 4-decimal strings, whatever the wire type (our Float, the raw
 * peer's JSON number, PostGraphile's BigFloat string). A value with more
 * decimals than the contract allows is kept as it came, so it differs.
 * Cursors are opaque and differ by design: only hasNextPage is compared.
 */
export interface CanonicalDashboard {
  totalCount: number;
  hasNextPage: boolean;
  /** Whether the server returned every list in the contract's order. */
  ordered: boolean;
  programs: Record<string, unknown>[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixed = (places: number) => (value: unknown): string => {
  const decimal = new Decimal(String(value));
  return decimal.decimalPlaces() <= places ? decimal.toFixed(places) : `not ${places}-decimal: ${String(value)}`;
};
const money = fixed(2);
const ratio = fixed(4);

const byteOrder = (...keys: string[]) => (a: Json, b: Json): number => {
  for (const key of keys) {
    const order = Buffer.compare(Buffer.from(String(a[key])), Buffer.from(String(b[key])));
    if (order) return order;
  }
  return 0;
};

/** Sorted copy, and whether it was sorted already. */
function sorted<T extends Json>(rows: T[], compare: (a: T, b: T) => number): { rows: T[]; wasSorted: boolean } {
  const copy = [...rows].sort(compare);
  return { rows: copy, wasSorted: copy.every((row, i) => row === rows[i]) };
}

/** Field names as ours; `id` is the row id (PostGraphile's `rowId`). */
function canonicalProgram(program: Json, measures: Json[], payments: Json[], idOf: (row: Json) => string) {
  const m = sorted(measures.map((row) => ({
    id: idOf(row), measureId: row.measureId, measureName: row.measureName, numerator: row.numerator, denominator: row.denominator,
    benchmark: ratio(row.benchmark), rate: ratio(row.rate), performanceLevel: row.performanceLevel, gapToBenchmark: row.gapToBenchmark,
  })), byteOrder('measureId', 'id'));
  const p = sorted(payments.map((row) => ({
    id: idOf(row), paymentPeriod: row.paymentPeriod, earnedAmount: money(row.earnedAmount), paidAmount: money(row.paidAmount),
    variance: money(row.variance), status: row.status,
  })), byteOrder('paymentPeriod', 'id'));
  const s = program.summary;
  return {
    ordered: m.wasSorted && p.wasSorted,
    program: {
      id: idOf(program), name: program.name, contractType: program.contractType, measurementPeriod: program.measurementPeriod,
      periodStart: program.periodStart, periodEnd: program.periodEnd, status: program.status, archived: program.archived,
      measures: m.rows, incentivePayments: p.rows,
      summary: {
        measureCount: s.measureCount, exceededCount: s.exceededCount, notMetCount: s.notMetCount,
        earnedTotal: money(s.earnedTotal), paidTotal: money(s.paidTotal), outstandingTotal: money(s.outstandingTotal),
      },
    },
  };
}

function canonical(connection: Json, nodes: Json[], childrenOf: (node: Json) => [Json[], Json[]], idOf: (row: Json) => string): CanonicalDashboard {
  const programs = nodes.map((node) => canonicalProgram(node, ...childrenOf(node), idOf));
  const list = sorted(programs.map((p) => p.program), byteOrder('name', 'id'));
  return {
    totalCount: connection.totalCount,
    hasNextPage: connection.pageInfo.hasNextPage,
    ordered: list.wasSorted && programs.every((p) => p.ordered),
    programs: list.rows,
  };
}

/** Ours and the raw peer: `data.programs.edges[].node` with `measures` and `incentivePayments` lists. */
export function fromOurShape(body: Json): CanonicalDashboard {
  const connection = body.data.programs;
  return canonical(connection, connection.edges.map((edge: Json) => edge.node),
    (node) => [node.measures, node.incentivePayments], (row) => row.id);
}

/** PostGraphile: `data.allPrograms.nodes[]` with `…ByProgramId.nodes` connections and `rowId`. */
export function fromPostGraphile(body: Json): CanonicalDashboard {
  const connection = body.data.allPrograms;
  return canonical(connection, connection.nodes,
    (node) => [node.measuresByProgramId.nodes, node.incentivePaymentsByProgramId.nodes], (row) => row.rowId);
}

/** The path and both values of the first difference, or null when equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length: ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const difference = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return null;
  }
  if (a && b && typeof a === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b as object)])];
    for (const key of keys) {
      const difference = firstDifference((a as Json)[key], (b as Json)[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
