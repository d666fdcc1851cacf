import { summarizeSql } from './sql-summary';

it.each([
  // Prisma's shapes: quoted, schema-qualified
  { sql: 'SELECT "public"."pm_programs"."id" FROM "public"."pm_programs" WHERE "public"."pm_programs"."id" = $1', name: 'SELECT pm_programs' },
  { sql: 'INSERT INTO "public"."pm_measures" ("id","measure_id") VALUES ($1,$2) RETURNING "id"', name: 'INSERT pm_measures' },
  { sql: 'UPDATE "public"."pm_capitation_periods" SET "status" = $1 WHERE "id" = $2', name: 'UPDATE pm_capitation_periods' },
  { sql: 'DELETE FROM "public"."pm_incentive_payments" WHERE "id" = $1', name: 'DELETE pm_incentive_payments' },
  // ours: a leading comment, a CTE, functions with FROM inside, a subquery in FROM, row locks
  { sql: '/* prepared */ WITH page AS (SELECT id FROM pm_programs p) SELECT count(*) FROM page', name: 'SELECT page' },
  { sql: "SELECT extract(year FROM period_start), 'x FROM secret' FROM pm_quality_results", name: 'SELECT pm_quality_results' },
  { sql: 'SELECT a FROM (SELECT a FROM pm_inner) AS sub', name: 'SELECT pm_inner' },
  { sql: 'SELECT (SELECT count(*) FROM pm_vbp_programs p), (SELECT 1 FROM pm_other)', name: 'SELECT pm_vbp_programs' },
  { sql: 'select id from pm_outbox where sent_at is null for update skip locked', name: 'SELECT pm_outbox' },
  { sql: 'WITH moved AS (DELETE FROM pm_a RETURNING *) INSERT INTO pm_b SELECT * FROM moved', name: 'INSERT pm_b' },
  // no table
  { sql: "SELECT set_config('role', $1, true), set_config('app.org_id', $2, true)", name: 'SELECT' },
  { sql: 'SELECT pg_notify($1, $2)', name: 'SELECT' },
  { sql: 'BEGIN', name: 'BEGIN' },
  { sql: 'COMMIT', name: 'COMMIT' },
  { sql: 'SAVEPOINT prisma_sp_1', name: 'SAVEPOINT' },
  // what is not a known statement says nothing more
  { sql: 'ANALYZE pm_programs', name: 'SQL' },
  { sql: "'DEMO-00001'", name: 'SQL' },
  { sql: '', name: 'SQL' },
])('$sql is "$name"', ({ sql, name }) => {
  const { operation, table } = summarizeSql(sql);
  expect(table ? `${operation} ${table}` : operation).toBe(name);
});

it.each([
  // a literal where a table would be is never taken for one: E'', dollar-quoted, doubled quotes
  "SELECT 1 FROM E'DEMO-00042'",
  "SELECT 1 FROM $tag$DEMO-00042$tag$",
  "SELECT 'it''s FROM DEMO_00042' ",
  'SELECT 1 FROM "DEMO-00042"',
])('no literal of %s reaches the summary', (sql) => {
  expect(JSON.stringify(summarizeSql(sql))).not.toMatch(/DEMO/);
});
