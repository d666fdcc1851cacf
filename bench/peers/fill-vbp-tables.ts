/**
 * Our tables (pm_vbp_*), filled in three INSERT … SELECT statements as the
 * table owner (a superuser: RLS, even FORCEd, does not apply to it). Every
 * id and figure derives from the row's position through md5, so each run
 * loads identical data, and the peers' tables are copied from these rows.
 *
 * The figures carry the contract's traps: in even programs the first six
 * measures are the boundary cases of measure-math.test.ts (3 of 4 at 0.75,
 * 55 of 100 at 0.55, 2 of 3 at 0.6667, 0 of 5 at 0, and the half-up rates
 * 3/160 and 1/32); the rest are pseudo-random. Names repeat (ordering falls
 * to the id) and some start lower-case (byte order puts them after "P").
 * One payment in ten programs is the largest allowed amount, so totals need
 * 16 integer digits.
 */
export const ORGANIZATIONS = 20;
export const PROGRAMS_PER_ORGANIZATION = 50;
export const MEASURES_PER_PROGRAM = 10;
export const PAYMENTS_PER_PROGRAM = 4;

const HELPERS = `
-- A version-4-shaped uuid from a key: isUuid() in our token check accepts it.
CREATE FUNCTION pg_temp.bench_uuid(key text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT overlay(overlay(md5(key) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid
$$;
-- 0 … 2^32 − 1 from a key.
CREATE FUNCTION pg_temp.bench_hash(key text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT ('x' || substr(md5(key), 1, 8))::bit(32)::bigint
$$;
`;

const PROGRAMS = `
INSERT INTO pm_vbp_programs (id, organization_id, name, name_search, contract_type, measurement_period,
                             period_start, period_end, status, deleted_at)
SELECT pg_temp.bench_uuid('program:' || o || ':' || p), pg_temp.bench_uuid('org:' || o), n.name, lower(n.name),
       (ARRAY['SHARED_SAVINGS', 'QUALITY_BONUS', 'CAPITATION', 'BUNDLED_PAYMENT', 'OTHER'])[1 + p % 5]::pm_vbp_contract_type,
       period.label, period.first_day, period_end.last_day,
       (ARRAY['ACTIVE', 'COMPLETED', 'SUSPENDED'])[1 + (p * 7) % 3]::pm_vbp_program_status,
       CASE WHEN p % 17 = 4 THEN timestamptz '2025-06-01 12:00:00+00' END
FROM generate_series(1, ${ORGANIZATIONS}) o, generate_series(0, ${PROGRAMS_PER_ORGANIZATION - 1}) p,
     LATERAL (SELECT CASE WHEN p % 11 = 5 THEN 'program ' ELSE 'Program ' END
                     || lpad(((p * 37) % 45)::text, 3, '0') AS name) n,
     -- Every 13th program has a free-text period without dates.
     LATERAL (SELECT CASE WHEN p % 13 = 0 THEN 'Performance year 2025' WHEN p % 4 = 0 THEN 'CY2025' ELSE '2025-Q' || p % 4 END AS label,
                     CASE WHEN p % 13 = 0 THEN NULL WHEN p % 4 = 0 THEN date '2025-01-01' ELSE make_date(2025, 3 * (p % 4) - 2, 1) END AS first_day) period,
     LATERAL (SELECT CASE WHEN p % 13 = 0 THEN NULL WHEN p % 4 = 0 THEN date '2025-12-31'
                          ELSE (period.first_day + interval '3 months - 1 day')::date END AS last_day) period_end;
`;

const MEASURES = `
INSERT INTO pm_vbp_measures (id, organization_id, program_id, measure_id, measure_name, numerator, denominator, benchmark)
SELECT pg_temp.bench_uuid('measure:' || o || ':' || p || ':' || mi.m), pg_temp.bench_uuid('org:' || o),
       pg_temp.bench_uuid('program:' || o || ':' || p), code, 'Measure ' || code, c.numerator, c.denominator, c.benchmark
FROM generate_series(1, ${ORGANIZATIONS}) o, generate_series(0, ${PROGRAMS_PER_ORGANIZATION - 1}) p,
     generate_series(0, ${MEASURES_PER_PROGRAM - 1}) AS mi(m),
     -- Byte order puts "CDC_A1C" before "CDC.HBA", "_PPC" after "W30", lower-case last.
     LATERAL (SELECT (ARRAY['W30', 'CBP', 'cis-10', 'CDC_A1C', 'BCS', '_PPC', 'CDC.HBA', 'AMM', 'ccs', 'COL'])[1 + mi.m % 10]
                     || CASE WHEN mi.m >= 10 THEN '_' || mi.m ELSE '' END AS code) k,
     LATERAL (SELECT 1 + pg_temp.bench_hash('d:' || o || ':' || p || ':' || mi.m) % 400 AS d) r,
     LATERAL (SELECT * FROM (VALUES
       (0, 3, 4, 0.75), (1, 55, 100, 0.55), (2, 2, 3, 0.6667), (3, 0, 5, 0), (4, 3, 160, 0.0188), (5, 1, 32, 0.0312)
     ) AS traps (m, numerator, denominator, benchmark) WHERE p % 2 = 0 AND traps.m = mi.m
     UNION ALL
     SELECT mi.m, (pg_temp.bench_hash('n:' || o || ':' || p || ':' || mi.m) % (r.d + 1))::int, r.d::int,
            round((pg_temp.bench_hash('b:' || o || ':' || p || ':' || mi.m) % 10001) / 10000.0, 4)
     WHERE NOT (p % 2 = 0 AND mi.m < 6)) c;
`;

const PAYMENTS = `
INSERT INTO pm_vbp_incentive_payments (id, organization_id, program_id, payment_period, earned_amount, paid_amount, status)
SELECT pg_temp.bench_uuid('payment:' || o || ':' || p || ':' || q), pg_temp.bench_uuid('org:' || o),
       pg_temp.bench_uuid('program:' || o || ':' || p), '2025-Q' || (${PAYMENTS_PER_PROGRAM} - q),
       e.earned,
       CASE q % 4 WHEN 0 THEN e.earned WHEN 1 THEN 0
                  WHEN 2 THEN (pg_temp.bench_hash('p:' || o || ':' || p) % (e.earned * 100 + 1)) / 100
                  ELSE e.earned + 0.01 END,
       (ARRAY['PAID', 'PENDING', 'ADJUSTED', 'PAID'])[1 + q % 4]::pm_vbp_payment_status
FROM generate_series(1, ${ORGANIZATIONS}) o, generate_series(0, ${PROGRAMS_PER_ORGANIZATION - 1}) p,
     generate_series(0, ${PAYMENTS_PER_PROGRAM - 1}) q,
     LATERAL (SELECT CASE WHEN p % 10 = 9 AND q = 0 THEN 999999999999.99
                          ELSE (pg_temp.bench_hash('e:' || o || ':' || p || ':' || q) % 100000000) / 100.0 END::numeric(18, 2) AS earned) e;
`;

export const FILL_VBP_TABLES = [HELPERS, PROGRAMS, MEASURES, PAYMENTS].join('\n');
