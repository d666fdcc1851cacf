import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { tenantDb } from '../../src/platform/db/tenant';
import { pageChildrenOf, readProgramPage } from '../../src/vbp/data/program-page';
import { ALL_COLUMNS } from '../../src/vbp/data/columns';
import { measuresOfPrograms, paymentsOfPrograms } from '../../src/vbp/data/batches';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

let db: TestDatabase;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

const DECIMALS = new Set(['benchmark', 'earnedAmount', 'paidAmount']);

/** Decimals as their value, Dates as their instant: what every reader of a row looks at. */
const plain = (rows: object[]) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k,
  v instanceof Date ? `date:${v.toISOString()}` : DECIMALS.has(k) ? `decimal:${new Decimal(String(v)).toString()}` : v])));

it('the JSON batch reads give the rows, order and values the client\'s findMany gives', async () => {
  const orgId = randomUUID();
  const [p1, p2] = [randomUUID(), randomUUID()];
  const org = tenantDb(db.prisma, orgId);
  await org.run(async (tx) => {
    await tx.program.createMany({ data: [p1, p2].map((id, i) => ({
      id, organizationId: orgId, name: `P${i}`, nameSearch: `p${i}`, contractType: 'SHARED_SAVINGS' as const, measurementPeriod: 'CY2025' })) });
    await tx.measure.createMany({ data: [
      { organizationId: orgId, programId: p1, measureId: 'b', measureName: 'Ünïcode "quoted" \\ back\nslash', numerator: 3, denominator: 4, benchmark: '0.7500',
        canonical: 'http://e.org/Measure/"b"\\|8.0.000' },
      { organizationId: orgId, programId: p1, measureId: 'B', measureName: 'upper sorts first in byte order', numerator: 0, denominator: 1, benchmark: '1.0000' },
      { organizationId: orgId, programId: p2, measureId: 'a', measureName: 'synced', numerator: 5, denominator: 9, benchmark: '0.0001',
        source: 'CLINICAL' as const, lastSyncedAt: new Date('2025-03-04T05:06:07.891Z') },
      { organizationId: orgId, programId: p1, measureId: 'a', measureName: 'old', numerator: 1, denominator: 2, benchmark: '0.1235',
        createdAt: new Date('1969-12-31T23:59:59.999Z') },
    ] });
    await tx.incentivePayment.createMany({ data: [
      { organizationId: orgId, programId: p1, paymentPeriod: '2025-Q2', earnedAmount: '1250.10', paidAmount: '0.00', status: 'PENDING' as const },
      { organizationId: orgId, programId: p1, paymentPeriod: '2025-Q1', earnedAmount: '999999999999.99', paidAmount: '0.05', status: 'PAID' as const,
        notes: 'a "note" ✓', createdAt: new Date('2025-01-01T00:00:00.001Z') },
      { organizationId: orgId, programId: p1, paymentPeriod: '2025-Q1', earnedAmount: '1', paidAmount: '2.5', status: 'PAID' as const,
        createdAt: new Date('2025-01-01T00:00:00.000Z') },
      { organizationId: orgId, programId: p2, paymentPeriod: '2025-q1', earnedAmount: '0.01', paidAmount: '0.01', status: 'ADJUSTED' as const },
    ] });
  });
  const ids = [p2, p1, randomUUID()];
  const [ours, theirs] = await org.run(async (tx) => Promise.all([
    Promise.all([measuresOfPrograms(tx, orgId, ids), paymentsOfPrograms(tx, orgId, ids)]),
    Promise.all([
      tx.measure.findMany({ where: { programId: { in: ids } }, orderBy: [{ measureId: 'asc' }, { id: 'asc' }] }),
      tx.incentivePayment.findMany({ where: { programId: { in: ids } }, orderBy: [{ paymentPeriod: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
    ]),
  ]));
  // Every program asked for has its list (empty for one without rows), each equal to the client's rows of that program.
  expect([...ours[0].keys()].sort()).toEqual([...ids].sort());
  expect([...ours[1].keys()].sort()).toEqual([...ids].sort());
  for (const id of ids) {
    expect(plain(ours[0].get(id)!)).toEqual(plain(theirs[0].filter((m) => m.programId === id)));
    expect(plain(ours[1].get(id)!)).toEqual(plain(theirs[1].filter((p) => p.programId === id)));
  }
  expect(ours[0].get(p1)!.map((m) => m.measureId)).toEqual(['B', 'a', 'b']);
  expect([...ours[0].values()].flat().map((m) => m.benchmark).sort()).toEqual(['0.0001', '0.1235', '0.7500', '1.0000']); // exact text, never a JSON number
  // Amounts: PostgreSQL's exact text, 2 decimals as stored (the client's decimal prints its shortest form).
  expect(ours[1].get(p1)!.map((p) => [p.earnedAmount, p.paidAmount])).toEqual([['1.00', '2.50'], ['999999999999.99', '0.05'], ['1250.10', '0.00']]);
  expect(ours[1].get(p2)!.map((p) => [p.earnedAmount, p.paidAmount])).toEqual([['0.01', '0.01']]);
});

it('another organization\'s program ids give nothing (row-level security decides)', async () => {
  const orgId = randomUUID();
  const programId = randomUUID();
  await tenantDb(db.prisma, orgId).run(async (tx) => {
    await tx.program.create({ data: { id: programId, organizationId: orgId, name: 'P', nameSearch: 'p', contractType: 'SHARED_SAVINGS', measurementPeriod: 'CY2025' } });
    await tx.measure.create({ data: { organizationId: orgId, programId, measureId: 'a', measureName: 'a', numerator: 1, denominator: 2, benchmark: '0.5' } });
    await tx.incentivePayment.create({ data: { organizationId: orgId, programId, paymentPeriod: 'Q1', earnedAmount: '1', paidAmount: '1', status: 'PAID' } });
  });
  const otherOrg = randomUUID();
  const other = tenantDb(db.prisma, otherOrg);
  expect(await other.run((tx) => Promise.all([measuresOfPrograms(tx, otherOrg, [programId]), paymentsOfPrograms(tx, otherOrg, [programId])])))
    .toEqual([new Map([[programId, []]]), new Map([[programId, []]])]);
});

it('the one-statement page read gives the programs, order, total and children the client gives, after a cursor too', async () => {
  const orgId = randomUUID();
  const org = tenantDb(db.prisma, orgId);
  const names = ['b', 'B', 'Ärzte "x" \\ y', 'a', 'a'];
  const ids = names.map(() => randomUUID());
  await org.run(async (tx) => {
    await tx.program.createMany({ data: names.map((name, i) => ({
      id: ids[i], organizationId: orgId, name, nameSearch: name.toLowerCase(), contractType: 'QUALITY_BONUS' as const, measurementPeriod: 'CY2025',
      periodStart: i === 0 ? new Date('2025-01-01T00:00:00.000Z') : null, periodEnd: i === 0 ? new Date('2025-12-31T00:00:00.000Z') : null,
      payerId: i === 1 ? 'payer-1' : null, notes: i === 2 ? 'a "note"\n✓' : null, deletedAt: i === 3 ? new Date('2025-06-01T10:11:12.345Z') : null,
      status: i === 4 ? 'SUSPENDED' as const : 'ACTIVE' as const })) });
    await tx.measure.create({ data: { organizationId: orgId, programId: ids[3], measureId: 'm', measureName: 'm', numerator: 1, denominator: 3, benchmark: '0.5000', canonical: 'urn:oid:1.2.3' } });
    await tx.incentivePayment.create({ data: { organizationId: orgId, programId: ids[1], paymentPeriod: 'Q1', earnedAmount: '10.10', paidAmount: '3', status: 'PAID' } });
  });
  const reads = { program: ALL_COLUMNS.program, measures: ALL_COLUMNS.measure, payments: ALL_COLUMNS.payment };
  const filter = { orgId, activeOnly: false };
  const [first, rest, theirs] = await org.run(async (tx) => Promise.all([
    readProgramPage(tx, { filter, first: 3, reads }),
    readProgramPage(tx, { filter, first: 3, reads: { program: ALL_COLUMNS.program }, after: { name: 'a', id: [...ids].sort()[0] } }),
    tx.program.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  ]));
  expect(theirs.map((p) => p.name)).toEqual(['B', 'a', 'a', 'b', 'Ärzte "x" \\ y']); // byte order
  expect(first.totalCount).toBe(5);
  expect(plain(first.rows)).toEqual(plain(theirs.slice(0, 4))); // first + 1 rows
  // The children of the 3 shown programs, none of the extra row's.
  const shown = theirs.slice(0, 3);
  expect(first.rows.map((p) => [p.id, pageChildrenOf(p)?.measures && plain(pageChildrenOf(p)!.measures!)]))
    .toEqual([...shown.map((p) => [p.id, p.id === ids[3] ? [expect.objectContaining({ measureId: 'm', programId: ids[3], organizationId: orgId, canonical: 'urn:oid:1.2.3' })] : []]), [theirs[3].id, undefined]]);
  expect(first.rows.slice(0, 3).map((p) => [p.id, pageChildrenOf(p)!.payments!.map((x) => x.earnedAmount), pageChildrenOf(p)!.terms]))
    .toEqual(shown.map((p) => [p.id, p.id === ids[1] ? ['10.10'] : [], undefined]));
  const afterKey = theirs.findIndex((p) => p.name === 'a' && p.id === [...ids].sort()[0]);
  expect(plain(rest.rows)).toEqual(plain(theirs.filter((p, i) => p.name > 'a' || (p.name === 'a' && i > afterKey)).slice(0, 4)));
  expect(rest.rows.map(pageChildrenOf)).toEqual(rest.rows.map(() => undefined));
});

it('a page read with some columns gives rows of those columns only, and reading any other throws', async () => {
  const orgId = randomUUID();
  const org = tenantDb(db.prisma, orgId);
  await org.run(async (tx) => {
    const program = await tx.program.create({ data: { organizationId: orgId, name: 'P', nameSearch: 'p', contractType: 'QUALITY_BONUS', measurementPeriod: 'CY2025' } });
    await tx.measure.create({ data: { organizationId: orgId, programId: program.id, measureId: 'm', measureName: 'm', numerator: 1, denominator: 3, benchmark: '0.5000' } });
  });
  const { rows: [program] } = await org.run((tx) => readProgramPage(tx, {
    filter: { orgId, activeOnly: false }, first: 1, reads: { program: ['status'], measures: ['numerator', 'denominator'], terms: true },
  }));
  expect(Object.keys(program).sort()).toEqual(['id', 'name', 'organizationId', 'status']); // name and id: the order and the cursor
  expect(() => program.createdAt).toThrow('Program.createdAt was not read');
  const [measure] = pageChildrenOf(program)!.measures!;
  expect(measure).toEqual({ organizationId: orgId, programId: program.id, numerator: 1, denominator: 3 });
  expect(() => measure.benchmark).toThrow('Measure.benchmark was not read');
  expect(pageChildrenOf(program)).toMatchObject({ payments: undefined, terms: null });
});
