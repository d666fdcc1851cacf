import type { FieldNode } from 'graphql';
import { type Selection, selectedAt } from '../../platform/graphql/selection';
import type { MeasureColumn, PaymentColumn, ProgramColumn } from '../data/columns';
import type { PageReads } from '../data/program-page';
import type { IncentivePayment } from './incentive-payment.type';
import type { Measure } from './measure.type';
import type { Program } from './program.type';

/*
 * What a page of programs reads of its rows, from what the operation selects
 * under `programs { edges { node } }`: each field of Program, Measure and
 * IncentivePayment declares the columns of its row it reads, its own or those
 * its resolver computes from (fields.ts, the resolvers). A page reads only
 * the declared columns of the fields selected (data/program-page.ts), and a
 * row read so has no value for any other column: reading one throws
 * (data/columns.ts). A field selected without a declaration throws too.
 * test/vbp/page-reads.test.ts selects every field and compares with full rows.
 */

/** A count's performance: performanceLevel, gapToBenchmark, the filter on it, the summary (measure-math.ts). */
const SCORED: readonly MeasureColumn[] = ['numerator', 'denominator', 'benchmark'];

/** Measure's fields; `program` is loaded by the row's programId, always there. */
export const MEASURE_FIELDS: Record<keyof Measure, readonly MeasureColumn[]> = {
  id: ['id'], program: [], measureId: ['measureId'], measureName: ['measureName'], numerator: ['numerator'], denominator: ['denominator'],
  benchmark: ['benchmark'], rate: ['numerator', 'denominator'], performanceLevel: SCORED, gapToBenchmark: SCORED, canonical: ['canonical'],
  source: ['source'], lastSyncedAt: ['lastSyncedAt'], createdAt: ['createdAt'], updatedAt: ['updatedAt'],
};

/** IncentivePayment's fields; `program` is loaded by the row's programId, always there. */
export const PAYMENT_FIELDS: Record<keyof IncentivePayment, readonly PaymentColumn[]> = {
  id: ['id'], program: [], paymentPeriod: ['paymentPeriod'], earnedAmount: ['earnedAmount'], paidAmount: ['paidAmount'],
  variance: ['earnedAmount', 'paidAmount'], status: ['status'], notes: ['notes'], createdAt: ['createdAt'], updatedAt: ['updatedAt'],
};

/** Columns of a program's children a field reads, and the path below the field whose selected child fields' columns it reads too. */
interface ChildReads<C> { columns: readonly C[]; selectedAt?: readonly string[] }

interface ProgramFieldReads {
  program?: readonly ProgramColumn[];
  measures?: ChildReads<MeasureColumn>;
  payments?: ChildReads<PaymentColumn>;
  terms?: true;
}

/** Program's fields, the class's and its field resolvers' (program.resolver.ts, incentive-terms.resolver.ts). */
export const PROGRAM_FIELDS: Record<keyof Program | 'measures' | 'incentivePayments' | 'summary' | 'incentiveTerms' | 'incentiveForecast', ProgramFieldReads> = {
  id: { program: ['id'] }, organizationId: {}, payer: { program: ['payerId'] }, name: { program: ['name'] },
  contractType: { program: ['contractType'] }, measurementPeriod: { program: ['measurementPeriod'] },
  periodStart: { program: ['periodStart'] }, periodEnd: { program: ['periodEnd'] }, status: { program: ['status'] },
  notes: { program: ['notes'] }, archived: { program: ['deletedAt'] }, archivedAt: { program: ['deletedAt'] },
  createdAt: { program: ['createdAt'] }, updatedAt: { program: ['updatedAt'] },
  // The filter (performanceLevel, status) reads its columns whether given or not: arguments may be variables.
  measures: { measures: { columns: SCORED, selectedAt: [] } },
  incentivePayments: { payments: { columns: ['status'], selectedAt: [] } },
  summary: { measures: { columns: SCORED }, payments: { columns: ['earnedAmount', 'paidAmount'] } },
  incentiveTerms: { terms: true },
  incentiveForecast: { terms: true, measures: { columns: ['measureId', ...SCORED], selectedAt: ['measures', 'measure'] } },
};

function declared<T>(fields: Record<string, T>, type: string, name: string): T {
  const reads = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
  if (!reads) throw new Error(`${type}.${name} declares no columns to read (vbp/graphql/page-reads.ts)`);
  return reads;
}

/** The columns of the child fields selected at `reads.selectedAt` below `nodes`, and the field's own. */
function childColumns<C>(into: Set<C>, reads: ChildReads<C>, nodes: FieldNode[], selection: Selection, type: string, fields: Record<string, readonly C[]>) {
  for (const column of reads.columns) into.add(column);
  if (!reads.selectedAt) return;
  for (const name of selectedAt({ fieldNodes: nodes, fragments: selection.fragments }, reads.selectedAt).keys()) {
    if (!name.startsWith('__')) for (const column of declared(fields, type, name)) into.add(column);
  }
}

function readsOf(selection: Selection): PageReads {
  const program = new Set<ProgramColumn>();
  const measures = new Set<MeasureColumn>();
  const payments = new Set<PaymentColumn>();
  let readMeasures = false;
  let readPayments = false;
  let terms = false;
  for (const [name, nodes] of selectedAt(selection, ['edges', 'node'])) {
    if (name.startsWith('__')) continue;
    const reads = declared(PROGRAM_FIELDS, 'Program', name);
    for (const column of reads.program ?? []) program.add(column);
    if (reads.measures) { readMeasures = true; childColumns(measures, reads.measures, nodes, selection, 'Measure', MEASURE_FIELDS); }
    if (reads.payments) { readPayments = true; childColumns(payments, reads.payments, nodes, selection, 'IncentivePayment', PAYMENT_FIELDS); }
    terms ||= reads.terms === true;
  }
  return { program: [...program], measures: readMeasures ? [...measures] : undefined, payments: readPayments ? [...payments] : undefined, terms };
}

/**
 * One answer per field of a document: Apollo keeps a parsed document per query text, so its nodes
 * repeat. A node may also be merged with others (the same field in two fragments): only the same nodes
 * give the same answer.
 */
const readsByField = new WeakMap<FieldNode, { nodes: readonly FieldNode[]; reads: PageReads }>();

/** What `programs` reads for this selection of it (its resolver's info). */
export function programPageReads(selection: Selection): PageReads {
  const { fieldNodes } = selection;
  const known = readsByField.get(fieldNodes[0]);
  if (known && known.nodes.length === fieldNodes.length && known.nodes.every((node, i) => node === fieldNodes[i])) return known.reads;
  const reads = readsOf(selection);
  readsByField.set(fieldNodes[0], { nodes: [...fieldNodes], reads });
  return reads;
}
