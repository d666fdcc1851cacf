import { randomUUID } from 'node:crypto';
import { type GraphQLObjectType, type GraphQLSchema, getNamedType, isLeafType, isObjectType, type OperationDefinitionNode, parse } from 'graphql';
import { buildAppSchema } from '../../src/app/schema';
import { tenantDb } from '../../src/platform/db/tenant';
import { measureColumns, paymentColumns, programColumns, type ColumnSet } from '../../src/vbp/data/columns';
import { pageChildrenOf, readProgramPage } from '../../src/vbp/data/program-page';
import { performanceLevelOf } from '../../src/vbp/model/measure-math';
import type { MeasureRow, PaymentRow, ProgramRow } from '../../src/vbp/data/rows';
import { vbpFields } from '../../src/vbp/graphql/fields';
import { MEASURE_FIELDS, PAYMENT_FIELDS, PROGRAM_FIELDS, programPageReads } from '../../src/vbp/graphql/page-reads';
import { addMeasure, createProgram, recordPayment } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/server';
import { newOrg } from '../helpers/tokens';

/**
 * A page of programs reads only the columns of the fields its operation
 * selects (vbp/graphql/page-reads.ts): every field still answers as it does on
 * full rows, and a field whose declaration misses a column fails loudly.
 */
let app: TestApp;
let schema: GraphQLSchema;
beforeAll(async () => { [app, { schema }] = await Promise.all([startTestApp(), buildAppSchema()]); });
afterAll(async () => { await app.close(); });

/** Every field of `type`, objects below it too; a Program met again gives its id only (no argument is given). */
function everyField(type: GraphQLObjectType, depth = 0): string {
  return Object.values(type.getFields()).map((field) => {
    const named = getNamedType(field.type);
    if (isLeafType(named)) return field.name;
    if (!isObjectType(named)) throw new Error(`${type.name}.${field.name}: not an object or leaf`);
    return `${field.name} { ${named.name === 'Program' && depth > 0 ? 'id' : everyField(named, depth + 1)} }`;
  }).join(' ');
}

it('every field of a program, its measures, payments, terms and forecast answers on a page as on the program read by id', async () => {
  const org = await newOrg();
  const program = await createProgram(app, org.admin, { payerId: 'payer-1', notes: 'a "note"', periodStart: '2025-01-01', periodEnd: '2025-12-31' });
  await addMeasure(app, org.admin, program.id, { measureId: 'A', numerator: 3, denominator: 4, benchmark: 0.75, canonical: 'http://e.org/Measure/a|1' });
  await addMeasure(app, org.admin, program.id, { measureId: 'B', numerator: 1, denominator: 7, benchmark: 0.5 });
  await recordPayment(app, org.admin, program.id, { notes: 'paid late' });
  const terms = await app.gql(`mutation ($id: ID!) { setIncentiveTerms(programId: $id, input: {
    maxIncentive: "1000.00", qualityGate: 0.5, atRiskAmount: "50.00", measureWeights: [{ measureId: "A", weight: 2 }, { measureId: "B", weight: 1 }] }) { id } }`,
  { id: program.id }, org.admin);
  expect(terms.errors).toBeUndefined();
  await createProgram(app, org.admin, { name: 'Without children' });

  const fields = everyField(schema.getType('Program') as GraphQLObjectType);
  const page = await app.gql(`{ programs(first: 10) { edges { node { ${fields} } } } }`, {}, org.staff);
  expect(page.errors).toBeUndefined();
  const nodes = page.data.programs.edges.map((e: { node: unknown }) => e.node);
  expect(nodes).toHaveLength(2);
  for (const node of nodes) {
    const byId = await app.gql(`query ($id: ID!) { program(id: $id) { ${fields} } }`, { id: node.id }, org.staff);
    expect(byId.errors).toBeUndefined();
    expect(node).toEqual(byId.data.program);
  }
  expect(nodes[0]).toMatchObject({ payer: { id: 'payer-1' }, measures: [{ canonical: 'http://e.org/Measure/a|1' }, { gapToBenchmark: 3 }], incentiveForecast: { qualityGateMet: true } });
});

it('a page selecting one child field reads its measures with the columns that field declares, and answers', async () => {
  const org = await newOrg();
  const program = await createProgram(app, org.admin);
  await addMeasure(app, org.admin, program.id, { numerator: 2, denominator: 4, benchmark: 0.75 });
  const res = await app.gql('{ programs { edges { node { measures(performanceLevel: NOT_MET) { gapToBenchmark } summary { notMetCount } } } } }', {}, org.staff);
  expect(res.errors).toBeUndefined();
  expect(res.data.programs.edges[0].node).toEqual({ measures: [{ gapToBenchmark: 1 }], summary: { notMetCount: 1 } });
});

/** The resolve info of the document's `programs` field. */
function selectionOf(document: string) {
  const ast = parse(document);
  const operation = ast.definitions[0] as OperationDefinitionNode;
  return { fieldNodes: [operation.selectionSet.selections[0]] as never, fragments: {} };
}

describe('what a page reads', () => {
  it('follows the selection, a forecast\'s measures included', () => {
    expect(programPageReads(selectionOf('{ programs { edges { node { archived incentiveForecast { measures { measure { rate } } } } } } }')))
      .toEqual({ program: ['deletedAt'], measures: ['measureId', 'numerator', 'denominator', 'benchmark'], payments: undefined, terms: true });
    expect(programPageReads(selectionOf('{ programs { totalCount edges { node { incentivePayments { variance } } } } }')))
      .toEqual({ program: [], measures: undefined, payments: ['status', 'earnedAmount', 'paidAmount'], terms: false });
  });

  it.each([
    ['a field of Program', '{ programs { edges { node { id unheardOf } } } }', 'Program.unheardOf declares no columns'],
    ['a field of Measure', '{ programs { edges { node { measures { id unheardOf } } } } }', 'Measure.unheardOf declares no columns'],
    ['a field of a forecast\'s Measure', '{ programs { edges { node { incentiveForecast { measures { measure { unheardOf } } } } } } }', 'Measure.unheardOf declares no columns'],
    ['a field of IncentivePayment', '{ programs { edges { node { incentivePayments { unheardOf } } } } }', 'IncentivePayment.unheardOf declares no columns'],
  ])('refuses %s that declares no columns', (_what, document, message) => {
    expect(() => programPageReads(selectionOf(document))).toThrow(message);
  });

  it('declares every field the schema has on Program, Measure and IncentivePayment', () => {
    const names = (type: string) => Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).sort();
    expect(Object.keys(PROGRAM_FIELDS).sort()).toEqual(names('Program'));
    expect(Object.keys(MEASURE_FIELDS).sort()).toEqual(names('Measure'));
    expect(Object.keys(PAYMENT_FIELDS).sort()).toEqual(names('IncentivePayment'));
  });
});

/** A row as a page reads it with only `columns` (data/columns.ts), its values taken from `full`. */
function rowWith<R>(set: ColumnSet<R>, full: Record<string, unknown>): R {
  return set.rowOf(set.names.map((name) => full[name]), full.organizationId as string, full.programId as string | undefined);
}

const ids = { id: randomUUID(), organizationId: randomUUID(), programId: randomUUID() };
const measure = { ...ids, measureId: 'BCS', measureName: 'm', numerator: 3, denominator: 4, benchmark: '0.7500', source: 'MANUAL', lastSyncedAt: null,
  createdAt: new Date(0), updatedAt: new Date(0), canonical: null };
const payment = { ...ids, paymentPeriod: 'Q1', earnedAmount: '10.00', paidAmount: '7.50', status: 'PAID', notes: null, createdAt: new Date(0), updatedAt: new Date(0) };
const program = { ...ids, payerId: 'p', name: 'n', nameSearch: 'n', contractType: 'OTHER', measurementPeriod: 'CY2025', periodStart: null, periodEnd: null,
  status: 'ACTIVE', notes: null, deletedAt: new Date(0), createdAt: new Date(0), updatedAt: new Date(0) };

/** Each field computed from its row (graphql/fields.ts), with its declared columns and without each one of them. */
const computed = [
  ...Object.entries(vbpFields.Measure).map(([field, resolve]) => ({ field: `Measure.${field}`, columns: MEASURE_FIELDS[field as keyof typeof MEASURE_FIELDS],
    run: (columns: readonly string[]) => resolve(rowWith(measureColumns(columns as never), measure) as MeasureRow) })),
  ...Object.entries(vbpFields.IncentivePayment).map(([field, resolve]) => ({ field: `IncentivePayment.${field}`, columns: PAYMENT_FIELDS[field as keyof typeof PAYMENT_FIELDS],
    run: (columns: readonly string[]) => resolve(rowWith(paymentColumns(columns as never), payment) as PaymentRow) })),
  ...Object.entries(vbpFields.Program).map(([field, resolve]) => ({ field: `Program.${field}`, columns: PROGRAM_FIELDS[field as keyof typeof PROGRAM_FIELDS].program!,
    run: (columns: readonly string[]) => resolve(rowWith(programColumns(columns as never), program) as ProgramRow) })),
];

describe.each(computed)('$field', ({ columns, run }) => {
  it('answers from its declared columns', () => {
    expect(() => run(columns)).not.toThrow();
  });
  it.each(columns.map((c) => [c]))('fails loudly when its declaration misses %s', (missing) => {
    expect(() => run(columns.filter((c) => c !== missing))).toThrow(`.${missing} was not read`);
  });
});

it('a page\'s measures read without their benchmark cannot be scored: the read throws rather than answering NOT_MET', async () => {
  const org = await newOrg();
  const created = await createProgram(app, org.admin);
  await addMeasure(app, org.admin, created.id);
  const { rows } = await tenantDb(app.db.prisma, org.orgId).run((tx) => readProgramPage(tx, {
    filter: { orgId: org.orgId, activeOnly: false }, first: 1, reads: { program: [], measures: ['numerator', 'denominator'] } }));
  expect(() => performanceLevelOf(pageChildrenOf(rows[0])!.measures![0])).toThrow('Measure.benchmark was not read');
});
