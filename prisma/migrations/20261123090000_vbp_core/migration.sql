-- VBP core: programs, their quality measures and incentive payments.
-- Every rule the API enforces on input is repeated here as a CHECK, so the
-- database refuses what the API refuses. Text ordered for clients uses
-- COLLATE "C" (byte order) so PGlite and any PostgreSQL locale agree.

-- The service's queries run as this role (SET LOCAL ROLE in every transaction).
-- It owns nothing and cannot bypass RLS. Roles are cluster-wide and parallel
-- test databases create it at the same moment: tolerate losing that race.
DO $$
BEGIN
  CREATE ROLE pm_vbp_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- A non-superuser migrating user must be a member to switch to the role.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT pm_vbp_app TO %I', current_user);
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO pm_vbp_app;

CREATE FUNCTION pm_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- The organization of the current transaction, set with set_config('app.org_id', …, true).
-- NULL when unset, so a forgotten setting matches no row instead of failing.
CREATE FUNCTION pm_current_org() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.org_id', true), '')::uuid
$$;

CREATE TYPE pm_vbp_contract_type AS ENUM ('SHARED_SAVINGS', 'QUALITY_BONUS', 'CAPITATION', 'BUNDLED_PAYMENT', 'OTHER');
CREATE TYPE pm_vbp_program_status AS ENUM ('ACTIVE', 'COMPLETED', 'SUSPENDED');
CREATE TYPE pm_vbp_payment_status AS ENUM ('PENDING', 'PAID', 'ADJUSTED');
CREATE TYPE pm_vbp_measure_source AS ENUM ('MANUAL', 'CLINICAL');

CREATE TABLE pm_vbp_programs (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL,
  payer_id           text CHECK (payer_id IS NULL OR (payer_id = btrim(payer_id) AND char_length(payer_id) BETWEEN 1 AND 200)),
  name               text COLLATE "C" NOT NULL CHECK (name = btrim(name) AND char_length(name) BETWEEN 1 AND 200),
  contract_type      pm_vbp_contract_type NOT NULL,
  measurement_period text COLLATE "C" NOT NULL
                     CHECK (measurement_period = btrim(measurement_period) AND char_length(measurement_period) BETWEEN 1 AND 50),
  period_start       date,
  period_end         date,
  status             pm_vbp_program_status NOT NULL DEFAULT 'ACTIVE',
  notes              text CHECK (notes IS NULL OR char_length(notes) <= 4000),
  deleted_at         timestamptz(3),
  created_at         timestamptz(3) NOT NULL DEFAULT now(),
  updated_at         timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT pm_vbp_programs_period_order CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end),
  -- Target of the children's composite foreign keys: a child row can only
  -- point at a program of its own organization (FK checks bypass RLS).
  CONSTRAINT pm_vbp_programs_org_id_key UNIQUE (organization_id, id)
);
CREATE INDEX pm_vbp_programs_org_name_idx ON pm_vbp_programs (organization_id, name, id);

CREATE TABLE pm_vbp_measures (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  program_id      uuid NOT NULL,
  measure_id      text COLLATE "C" NOT NULL CHECK (measure_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  measure_name    text NOT NULL CHECK (measure_name = btrim(measure_name) AND char_length(measure_name) BETWEEN 1 AND 200),
  numerator       integer NOT NULL CHECK (numerator >= 0),
  denominator     integer NOT NULL CHECK (denominator > 0),
  benchmark       numeric(5, 4) NOT NULL CHECK (benchmark >= 0 AND benchmark <= 1),
  source          pm_vbp_measure_source NOT NULL DEFAULT 'MANUAL',
  last_synced_at  timestamptz(3),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT pm_vbp_measures_numerator_le_denominator CHECK (numerator <= denominator),
  CONSTRAINT pm_vbp_measures_program_measure_key UNIQUE (program_id, measure_id),
  CONSTRAINT pm_vbp_measures_program_fkey FOREIGN KEY (organization_id, program_id)
    REFERENCES pm_vbp_programs (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX pm_vbp_measures_org_program_idx ON pm_vbp_measures (organization_id, program_id);

CREATE TABLE pm_vbp_incentive_payments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  program_id      uuid NOT NULL,
  payment_period  text COLLATE "C" NOT NULL
                  CHECK (payment_period = btrim(payment_period) AND char_length(payment_period) BETWEEN 1 AND 50),
  earned_amount   numeric(18, 2) NOT NULL CHECK (earned_amount >= 0 AND earned_amount < 1000000000000),
  paid_amount     numeric(18, 2) NOT NULL CHECK (paid_amount >= 0 AND paid_amount < 1000000000000),
  status          pm_vbp_payment_status NOT NULL,
  notes           text CHECK (notes IS NULL OR char_length(notes) <= 4000),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT pm_vbp_incentive_payments_program_fkey FOREIGN KEY (organization_id, program_id)
    REFERENCES pm_vbp_programs (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX pm_vbp_incentive_payments_org_program_idx ON pm_vbp_incentive_payments (organization_id, program_id);

CREATE TRIGGER pm_vbp_programs_touch BEFORE UPDATE ON pm_vbp_programs
  FOR EACH ROW EXECUTE FUNCTION pm_touch_updated_at();
CREATE TRIGGER pm_vbp_measures_touch BEFORE UPDATE ON pm_vbp_measures
  FOR EACH ROW EXECUTE FUNCTION pm_touch_updated_at();
CREATE TRIGGER pm_vbp_incentive_payments_touch BEFORE UPDATE ON pm_vbp_incentive_payments
  FOR EACH ROW EXECUTE FUNCTION pm_touch_updated_at();

-- Tenant isolation: FORCE makes the policies apply to the owner too; the
-- service role sees and writes only rows of the transaction's organization.
ALTER TABLE pm_vbp_programs ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_vbp_programs FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_vbp_programs_tenant ON pm_vbp_programs
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

ALTER TABLE pm_vbp_measures ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_vbp_measures FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_vbp_measures_tenant ON pm_vbp_measures
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

ALTER TABLE pm_vbp_incentive_payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_vbp_incentive_payments FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_vbp_incentive_payments_tenant ON pm_vbp_incentive_payments
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

GRANT SELECT, INSERT, UPDATE, DELETE ON pm_vbp_programs, pm_vbp_measures, pm_vbp_incentive_payments TO pm_vbp_app;
