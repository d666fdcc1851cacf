import { Prisma } from '../../generated/prisma/client';
import type { MeasureRow, PaymentRow, ProgramRow } from './rows';

/**
 * The columns of the hot reads' rows (batches.ts, program-page.ts): each as
 * the SQL that reads it into a row's JSON array (alias `p` for a program, `x`
 * for a measure or payment) and how its JSON value becomes the row's value.
 * Decimals stay the exact text PostgreSQL prints (`::text`, never a JSON
 * number); instants and dates travel as epoch milliseconds (timestamptz(3)
 * holds whole milliseconds, a date is its UTC midnight, as the client gives
 * it) and become Dates here. test/vbp/batch-rows.test.ts holds the rows equal
 * to the client's.
 */
interface Column { sql: Prisma.Sql; decode?: (json: unknown) => unknown }

/**
 * An instant or date column as epoch milliseconds (an exact integer). date_part gives the epoch as a
 * double (extract would give a numeric, several times dearer for PostgreSQL, once per instant of
 * the answer): for any instant within 30,000 years of 1970 (from 4713 BC, PostgreSQL's first, to
 * AD 32,000) its error stays far below half a millisecond, so rounding lands on the stored one.
 */
const epochMs = (column: string) => Prisma.raw(`round(date_part('epoch', ${column}) * 1000)::bigint`);

const plain = (column: string): Column => ({ sql: Prisma.raw(column) });
const instant = (column: string): Column => ({ sql: epochMs(column), decode: (ms) => new Date(ms as number) });
const instantOrNull = (column: string): Column => ({ sql: epochMs(column), decode: (ms) => (ms === null ? null : new Date(ms as number)) });

/** A row's columns but the ids its reader fills in from what it holds: the organization, a child's program. */
type ColumnsOf<R> = Record<Exclude<keyof R, 'organizationId' | 'programId'>, Column>;

const PROGRAM: ColumnsOf<ProgramRow> = {
  id: plain('p.id'), payerId: plain('p.payer_id'), name: plain('p.name'), nameSearch: plain('p.name_search'),
  contractType: plain('p.contract_type::text'), measurementPeriod: plain('p.measurement_period'),
  periodStart: instantOrNull('p.period_start'), periodEnd: instantOrNull('p.period_end'), status: plain('p.status::text'),
  notes: plain('p.notes'), deletedAt: instantOrNull('p.deleted_at'), createdAt: instant('p.created_at'), updatedAt: instant('p.updated_at'),
};

const MEASURE: ColumnsOf<MeasureRow> = {
  id: plain('x.id'), measureId: plain('x.measure_id'), measureName: plain('x.measure_name'), numerator: plain('x.numerator'),
  denominator: plain('x.denominator'), benchmark: plain('x.benchmark::text'), source: plain('x.source::text'),
  lastSyncedAt: instantOrNull('x.last_synced_at'), createdAt: instant('x.created_at'), updatedAt: instant('x.updated_at'),
  canonical: plain('x.canonical'),
};

const PAYMENT: ColumnsOf<PaymentRow> = {
  id: plain('x.id'), paymentPeriod: plain('x.payment_period'), earnedAmount: plain('x.earned_amount::text'),
  paidAmount: plain('x.paid_amount::text'), status: plain('x.status::text'), notes: plain('x.notes'),
  createdAt: instant('x.created_at'), updatedAt: instant('x.updated_at'),
};

export type ProgramColumn = keyof typeof PROGRAM;
export type MeasureColumn = keyof typeof MEASURE;
export type PaymentColumn = keyof typeof PAYMENT;

/** Every column of each, in the table's order. */
export const ALL_COLUMNS = {
  program: Object.keys(PROGRAM) as ProgramColumn[],
  measure: Object.keys(MEASURE) as MeasureColumn[],
  payment: Object.keys(PAYMENT) as PaymentColumn[],
};

/** Some columns of one table: their SQL (a row's JSON array items) and the rows back from those arrays. */
export interface ColumnSet<R> {
  /** The columns read, in the order their items come. */
  names: readonly string[];
  /** The columns' SQL, comma-separated: the first items of a row's json_build_array. */
  items: Prisma.Sql;
  /** How many items `items` has. */
  length: number;
  /** A row from its JSON array (the items above, in order) and the ids its reader holds. */
  rowOf(json: unknown[], organizationId: string, programId?: string): R;
}

/**
 * The set of `names` (all, when not given) among `table`'s columns, in the table's order (one set, one
 * SQL text, one prepared statement). A row read with only some columns has no value for the others:
 * reading one throws (a field that reads a column must say so, graphql/page-reads.ts), where an
 * undefined would let a figure come out wrong without a word.
 */
function columnSetOf<R>(tableName: string, table: Record<string, Column>, names?: readonly string[]): ColumnSet<R> {
  const wanted = names && new Set(names);
  const read = Object.keys(table).filter((name) => !wanted || wanted.has(name));
  const unknown = names?.filter((name) => !(name in table)) ?? [];
  if (unknown.length) throw new Error(`${tableName} has no column ${unknown.join(', ')}`);
  const unread = {};
  for (const name of Object.keys(table).filter((n) => !read.includes(n))) {
    Object.defineProperty(unread, name, {
      get() { throw new Error(`${tableName}.${name} was not read: the field reading it must declare it (vbp/graphql/page-reads.ts)`); },
    });
  }
  const decoders = read.map((name) => table[name].decode);
  return {
    names: read,
    items: read.length ? Prisma.join(read.map((name) => table[name].sql)) : Prisma.empty,
    length: read.length,
    rowOf(json, organizationId, programId) {
      const row = Object.create(unread) as Record<string, unknown>;
      row.organizationId = organizationId;
      if (programId !== undefined) row.programId = programId;
      for (let i = 0; i < read.length; i++) {
        const decode = decoders[i];
        row[read[i]] = decode === undefined ? json[i] : decode(json[i]);
      }
      return row as R;
    },
  };
}

/**
 * Column sets a table's pages have asked for, kept. Any subset of the columns may be asked for (a client
 * picks the fields), so past this many a set is built per page instead: memory stays bounded.
 */
const KEPT_COLUMN_SETS = 500;

/** One column set per table and set of names, built once: the same object (and SQL) every time. */
function columnSets<R>(tableName: string, table: Record<string, Column>) {
  const sets = new Map<string, ColumnSet<R>>();
  const all = columnSetOf<R>(tableName, table);
  return (names?: readonly string[]): ColumnSet<R> => {
    if (!names) return all;
    const key = [...new Set(names)].sort().join(',');
    let set = sets.get(key);
    if (!set) {
      set = columnSetOf<R>(tableName, table, names);
      if (sets.size < KEPT_COLUMN_SETS) sets.set(key, set);
    }
    return set;
  };
}

export const programColumns: (names?: readonly ProgramColumn[]) => ColumnSet<ProgramRow> = columnSets('Program', PROGRAM);
export const measureColumns: (names?: readonly MeasureColumn[]) => ColumnSet<MeasureRow> = columnSets('Measure', MEASURE);
export const paymentColumns: (names?: readonly PaymentColumn[]) => ColumnSet<PaymentRow> = columnSets('IncentivePayment', PAYMENT);
