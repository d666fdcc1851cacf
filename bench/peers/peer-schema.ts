/**
 * The peers' data: schema `peer`, set up the way a PostGraphile user would.
 * Plain tables with organization_id and simple foreign keys, our computed
 * fields as SQL computed-column functions (exact numeric math, the rules of
 * src/vbp/measure-math.ts and program-summary.ts), row-level security on the
 * JWT's organization, and a role that owns nothing and cannot bypass RLS.
 * Rows are copied from our tables, so ids and figures are the same.
 */
export const PEER_ROLE = 'pm_peer_bench_app';

const ROLE_AND_TABLES = `
-- Roles are cluster-wide: tolerate one left by an earlier run (or a parallel one).
DO $$
BEGIN
  CREATE ROLE ${PEER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

CREATE SCHEMA peer;
CREATE TYPE peer.contract_type AS ENUM ('SHARED_SAVINGS', 'QUALITY_BONUS', 'CAPITATION', 'BUNDLED_PAYMENT', 'OTHER');
CREATE TYPE peer.program_status AS ENUM ('ACTIVE', 'COMPLETED', 'SUSPENDED');
CREATE TYPE peer.payment_status AS ENUM ('PENDING', 'PAID', 'ADJUSTED');
CREATE TYPE peer.performance_level AS ENUM ('EXCEEDED', 'NOT_MET');

-- COLLATE "C" where the contract orders (name, measure_id, payment_period): byte order, as ours.
CREATE TABLE peer.program (
  id                 uuid PRIMARY KEY,
  organization_id    uuid NOT NULL,
  name               text COLLATE "C" NOT NULL,
  contract_type      peer.contract_type NOT NULL,
  measurement_period text NOT NULL,
  period_start       date,
  period_end         date,
  status             peer.program_status NOT NULL,
  deleted_at         timestamptz
);
CREATE INDEX program_org_name_idx ON peer.program (organization_id, name, id);

CREATE TABLE peer.measure (
  id              uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  program_id      uuid NOT NULL REFERENCES peer.program,
  measure_id      text COLLATE "C" NOT NULL,
  measure_name    text NOT NULL,
  numerator       integer NOT NULL CHECK (numerator >= 0),
  denominator     integer NOT NULL CHECK (denominator > 0),
  benchmark       numeric(5, 4) NOT NULL,
  UNIQUE (program_id, measure_id)
);

CREATE TABLE peer.incentive_payment (
  id              uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  program_id      uuid NOT NULL REFERENCES peer.program,
  payment_period  text COLLATE "C" NOT NULL,
  earned_amount   numeric(18, 2) NOT NULL,
  paid_amount     numeric(18, 2) NOT NULL,
  status          peer.payment_status NOT NULL
);
CREATE INDEX incentive_payment_program_idx ON peer.incentive_payment (program_id, payment_period, id);
`;

// The rules of src/vbp/measure-math.ts in exact numeric/integer arithmetic.
// Single-expression SQL functions, which the planner may inline where they are called.
const COMPUTED_COLUMNS = `
-- floor((n/d) × 10^4 + 1/2) in integers: half-up to 4 decimals, no binary fraction.
CREATE FUNCTION peer.measure_rate(m peer.measure) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT round(((2 * m.numerator::bigint * 10000 + m.denominator) / (2 * m.denominator::bigint))::numeric / 10000, 4)
$$;
-- EXCEEDED exactly when numerator >= benchmark × denominator (3 of 4 at 0.75 is EXCEEDED).
CREATE FUNCTION peer.measure_performance_level(m peer.measure) RETURNS peer.performance_level LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN m.numerator >= m.benchmark * m.denominator THEN 'EXCEEDED' ELSE 'NOT_MET' END::peer.performance_level
$$;
-- max(0, ceil(benchmark × denominator) − numerator).
CREATE FUNCTION peer.measure_gap_to_benchmark(m peer.measure) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT greatest(0, ceil(m.benchmark * m.denominator)::integer - m.numerator)
$$;
-- paidAmount − earnedAmount.
CREATE FUNCTION peer.incentive_payment_variance(p peer.incentive_payment) RETURNS numeric(18, 2) LANGUAGE sql STABLE AS $$
  SELECT p.paid_amount - p.earned_amount
$$;
CREATE FUNCTION peer.program_archived(p peer.program) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p.deleted_at IS NOT NULL
$$;

CREATE TYPE peer.program_summary AS (
  measure_count     integer,
  exceeded_count    integer,
  not_met_count     integer,
  earned_total      numeric(18, 2),
  paid_total        numeric(18, 2),
  outstanding_total numeric(18, 2)
);
-- program-summary.ts: counts by performance level; totals summed exactly; outstanding = earned − paid; 0.00 when empty.
CREATE FUNCTION peer.program_summary(p peer.program) RETURNS peer.program_summary LANGUAGE sql STABLE AS $$
  SELECT m.measure_count, m.exceeded_count, m.measure_count - m.exceeded_count, pay.earned, pay.paid, pay.earned - pay.paid
  FROM (SELECT count(*)::integer AS measure_count,
               (count(*) FILTER (WHERE numerator >= benchmark * denominator))::integer AS exceeded_count
        FROM peer.measure WHERE program_id = p.id) m,
       (SELECT coalesce(sum(earned_amount), 0)::numeric(18, 2) AS earned, coalesce(sum(paid_amount), 0)::numeric(18, 2) AS paid
        FROM peer.incentive_payment WHERE program_id = p.id) pay
$$;
`;

// current_setting without missing_ok: a request that forgot its organization fails instead of seeing nothing.
const ROW_LEVEL_SECURITY = ['program', 'measure', 'incentive_payment'].map((table) => `
ALTER TABLE peer.${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE peer.${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY ${table}_tenant ON peer.${table} USING (organization_id = current_setting('jwt.claims.org_id')::uuid);
`).join('') + `
GRANT USAGE ON SCHEMA peer TO ${PEER_ROLE};
GRANT SELECT ON ALL TABLES IN SCHEMA peer TO ${PEER_ROLE};
`;

// As the owner (superuser, so RLS does not hide rows): the peers see exactly our rows.
const COPY_FROM_OURS = `
INSERT INTO peer.program (id, organization_id, name, contract_type, measurement_period, period_start, period_end, status, deleted_at)
SELECT id, organization_id, name, contract_type::text::peer.contract_type, measurement_period, period_start, period_end,
       status::text::peer.program_status, deleted_at
FROM pm_vbp_programs;
INSERT INTO peer.measure (id, organization_id, program_id, measure_id, measure_name, numerator, denominator, benchmark)
SELECT id, organization_id, program_id, measure_id, measure_name, numerator, denominator, benchmark FROM pm_vbp_measures;
INSERT INTO peer.incentive_payment (id, organization_id, program_id, payment_period, earned_amount, paid_amount, status)
SELECT id, organization_id, program_id, payment_period, earned_amount, paid_amount, status::text::peer.payment_status
FROM pm_vbp_incentive_payments;
ANALYZE;
`;

export const PEER_SCHEMA = [ROLE_AND_TABLES, COMPUTED_COLUMNS, ROW_LEVEL_SECURITY, COPY_FROM_OURS].join('\n');
