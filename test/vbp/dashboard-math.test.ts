import { randomUUID } from 'node:crypto';
import { Prisma } from '../../src/generated/prisma/client';
import { tenantDb } from '../../src/platform/db/tenant';
import { EXCEEDED_SQL, GAP_SQL, readDashboardGaps, readDashboardTotals } from '../../src/vbp/data/dashboard';
import { gapToBenchmarkOf, PerformanceLevel, performanceLevelOf } from '../../src/vbp/model/measure-math';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * The dashboard counts EXCEEDED measures and orders its gaps in SQL
 * (vbp/data/dashboard.ts); the pure model (measure-math.ts) decides them for
 * every other field. Both must agree, on the boundaries above all: a count
 * exactly on its benchmark, a product with four decimals, the largest counts.
 */
let db: TestDatabase;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

/** numerator, denominator, benchmark (a numeric(5,4), as stored). */
const CASES: [number, number, string][] = [
  [3, 4, '0.7500'], [2, 4, '0.7500'], [75, 100, '0.7500'], [74, 100, '0.7500'],
  [0, 1, '0.0000'], [0, 1, '1.0000'], [1, 1, '1.0000'], [5, 4, '1.0000'], [0, 0, '0.5000'],
  [1, 3, '0.3333'], [0, 3, '0.3333'], [2, 3, '0.6667'], [3, 3, '0.6667'],
  [9999, 10000, '0.9999'], [9998, 10000, '0.9999'], [1, 10001, '0.0001'], [2, 10001, '0.0001'],
  [0, 2147483647, '0.0001'], [2147483646, 2147483647, '1.0000'], [2147483647, 2147483647, '1.0000'], [123456789, 2000000000, '0.0617'],
];

const model = ([numerator, denominator, benchmark]: [number, number, string]) => ({
  exceeded: performanceLevelOf({ numerator, denominator, benchmark }) === PerformanceLevel.EXCEEDED,
  gap: gapToBenchmarkOf({ numerator, denominator, benchmark }),
});

describe('the SQL of EXCEEDED and gapToBenchmark agrees with measure-math.ts', () => {
  let fromSql: { exceeded: boolean; gap: number }[];
  beforeAll(async () => {
    const values = Prisma.join(CASES.map(([n, d, b], i) => Prisma.sql`(${i}::int, ${n}::int, ${d}::int, ${b}::numeric(5,4))`));
    fromSql = await db.prisma.$queryRaw(Prisma.sql`
      SELECT ${EXCEEDED_SQL} AS exceeded, (${GAP_SQL})::int AS gap
      FROM (VALUES ${values}) AS x(i, numerator, denominator, benchmark) ORDER BY x.i`);
  });

  it.each(CASES.map((c, i) => [...c, i] as const))('%i of %i at %s', (numerator, denominator, benchmark, i) => {
    expect(fromSql[i]).toEqual(model([numerator, denominator, benchmark]));
  });
});

it('the dashboard\'s totals and gaps, read from stored measures, are what the model says of them', async () => {
  const orgId = randomUUID();
  const org = tenantDb(db.prisma, orgId, db.rawTransaction);
  // What a measure may hold (the table's checks): 0 <= numerator <= denominator, denominator at least 1.
  const stored = CASES.filter(([numerator, denominator]) => denominator > 0 && numerator <= denominator);
  await org.run(async (tx) => {
    const program = await tx.program.create({ data: { organizationId: orgId, name: 'P', nameSearch: 'p', contractType: 'QUALITY_BONUS', measurementPeriod: 'CY2025' } });
    await tx.measure.createMany({ data: stored.map(([numerator, denominator, benchmark], i) => ({
      organizationId: orgId, programId: program.id, measureId: `M${String(i).padStart(2, '0')}`, measureName: 'm', numerator, denominator, benchmark })) });
  });
  const [totals, gaps] = await org.read((sql) => Promise.all([readDashboardTotals(sql, null), readDashboardGaps(sql, orgId, null, 100)]));
  const notMet = stored.map((c, i) => ({ measureId: `M${String(i).padStart(2, '0')}`, ...model(c) })).filter((m) => !m.exceeded);
  expect(totals).toMatchObject({ measureCount: stored.length, exceededCount: stored.length - notMet.length });
  notMet.sort((a, b) => b.gap - a.gap || (a.measureId < b.measureId ? -1 : 1));
  expect(gaps.map((m) => [m.measureId, gapToBenchmarkOf(m)])).toEqual(notMet.map((m) => [m.measureId, m.gap]));
});
