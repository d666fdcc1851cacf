-- Capitation (PM-33): contracts, member rosters (PHI), monthly periods,
-- append-only reconciliations, and the outbox of outgoing events.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- The outbox relay reads and marks events of every organization; it gets its
-- own role (no BYPASSRLS), allowed by policy on the outbox table only.
DO $$
BEGIN
  CREATE ROLE pm_vbp_relay NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT pm_vbp_relay TO %I', current_user);
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO pm_vbp_relay;

CREATE TYPE pm_cap_roster_source AS ENUM ('MANUAL', 'CSV_UPLOAD', 'PAYER_FILE');
CREATE TYPE pm_cap_roster_event_type AS ENUM ('ENROLL', 'DISENROLL');
CREATE TYPE pm_cap_period_status AS ENUM ('OPEN', 'PARTIALLY_PAID', 'PAID', 'RECONCILED', 'DISPUTED');
CREATE TYPE pm_cap_variance_disposition AS ENUM ('PENDING_REVIEW', 'ACCEPTED', 'WRITTEN_OFF', 'DISPUTED', 'RETRO_ADJUSTMENT');

CREATE TABLE pm_capitation_contracts (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  payer_id        text CHECK (payer_id IS NULL OR (payer_id = btrim(payer_id) AND char_length(payer_id) BETWEEN 1 AND 200)),
  name            text COLLATE "C" NOT NULL CHECK (name = btrim(name) AND char_length(name) BETWEEN 1 AND 200),
  pmpm_rate       numeric(18, 2) NOT NULL CHECK (pmpm_rate >= 0 AND pmpm_rate < 1000000000000),
  effective_from  date NOT NULL,
  effective_to    date,
  roster_source   pm_cap_roster_source NOT NULL DEFAULT 'MANUAL',
  deleted_at      timestamptz(3),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT pm_capitation_contracts_effective_order CHECK (effective_to IS NULL OR effective_from <= effective_to),
  CONSTRAINT pm_capitation_contracts_org_id_key UNIQUE (organization_id, id)
);
CREATE INDEX pm_capitation_contracts_org_name_idx ON pm_capitation_contracts (organization_id, name, id);

-- memberIdExternal is PHI: stored encrypted (pgp_sym_encrypt), found by a keyed
-- hash (HMAC-SHA256, computed by the service), shown masked from member_id_mask.
CREATE TABLE pm_capitation_roster_events (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id     uuid NOT NULL,
  contract_id         uuid NOT NULL,
  -- Insertion order: of two events of a member on one date, the later wins.
  seq                 bigint GENERATED ALWAYS AS IDENTITY,
  patient_id          uuid,
  member_id_encrypted bytea NOT NULL,
  member_id_hash      text NOT NULL CHECK (member_id_hash ~ '^[0-9a-f]{64}$'),
  member_id_mask      text NOT NULL CHECK (member_id_mask ~ '^\*\*\*\*.{0,4}$'),
  event_type          pm_cap_roster_event_type NOT NULL,
  effective_date      date NOT NULL,
  source              pm_cap_roster_source NOT NULL DEFAULT 'MANUAL',
  created_at          timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT pm_capitation_roster_events_contract_fkey FOREIGN KEY (organization_id, contract_id)
    REFERENCES pm_capitation_contracts (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX pm_capitation_roster_events_contract_member_idx
  ON pm_capitation_roster_events (organization_id, contract_id, member_id_hash, effective_date, seq);
CREATE INDEX pm_capitation_roster_events_contract_page_idx
  ON pm_capitation_roster_events (organization_id, contract_id, effective_date, created_at, id);

CREATE TABLE pm_capitation_periods (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id       uuid NOT NULL,
  contract_id           uuid NOT NULL,
  period_start_date     date NOT NULL,
  period_end_date       date NOT NULL,
  enrolled_member_count integer NOT NULL CHECK (enrolled_member_count >= 0),
  expected_revenue      numeric(18, 2) NOT NULL CHECK (expected_revenue >= 0),
  received_revenue      numeric(18, 2) NOT NULL DEFAULT 0 CHECK (received_revenue >= 0),
  status                pm_cap_period_status NOT NULL DEFAULT 'OPEN',
  created_at            timestamptz(3) NOT NULL DEFAULT now(),
  updated_at            timestamptz(3) NOT NULL DEFAULT now(),
  -- Whole calendar months.
  CONSTRAINT pm_capitation_periods_whole_month CHECK (
    extract(day FROM period_start_date) = 1
    AND period_end_date = (period_start_date + interval '1 month' - interval '1 day')::date),
  CONSTRAINT pm_capitation_periods_contract_month_key UNIQUE (contract_id, period_start_date),
  CONSTRAINT pm_capitation_periods_org_id_key UNIQUE (organization_id, id),
  CONSTRAINT pm_capitation_periods_contract_fkey FOREIGN KEY (organization_id, contract_id)
    REFERENCES pm_capitation_contracts (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX pm_capitation_periods_org_month_idx ON pm_capitation_periods (organization_id, period_start_date);

CREATE TABLE pm_capitation_reconciliations (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id      uuid NOT NULL,
  period_id            uuid NOT NULL,
  expected_amount      numeric(18, 2) NOT NULL CHECK (abs(expected_amount) < 1000000000000),
  received_amount      numeric(18, 2) NOT NULL CHECK (received_amount >= 0 AND received_amount < 1000000000000),
  variance_amount      numeric(18, 2) NOT NULL,
  variance_disposition pm_cap_variance_disposition NOT NULL,
  payment_date         date NOT NULL,
  reconciled_by        text NOT NULL CHECK (char_length(reconciled_by) BETWEEN 1 AND 200),
  reconciled_at        timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  notes                text CHECK (notes IS NULL OR char_length(notes) <= 4000),
  CONSTRAINT pm_capitation_reconciliations_variance CHECK (variance_amount = received_amount - expected_amount),
  CONSTRAINT pm_capitation_reconciliations_period_fkey FOREIGN KEY (organization_id, period_id)
    REFERENCES pm_capitation_periods (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX pm_capitation_reconciliations_period_idx ON pm_capitation_reconciliations (organization_id, period_id, reconciled_at, id);

-- Append-only, for every role (the grants below already keep the service role
-- to SELECT and INSERT; this also stops the owner).
CREATE FUNCTION pm_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER pm_capitation_reconciliations_append_only BEFORE UPDATE OR DELETE ON pm_capitation_reconciliations
  FOR EACH ROW EXECUTE FUNCTION pm_refuse_change();

-- Outgoing events, written in the transaction that causes them (STYLE rule 12).
CREATE TABLE pm_outbox (
  id              uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  channel         text NOT NULL CHECK (channel ~ '^[a-z_]{1,63}$'),
  event_type      text NOT NULL,
  message         jsonb NOT NULL,
  created_at      timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  attempts        integer NOT NULL DEFAULT 0,
  sent_at         timestamptz(3)
);
CREATE INDEX pm_outbox_unsent_idx ON pm_outbox (created_at) WHERE sent_at IS NULL;

CREATE TRIGGER pm_capitation_contracts_touch BEFORE UPDATE ON pm_capitation_contracts
  FOR EACH ROW EXECUTE FUNCTION pm_touch_updated_at();
CREATE TRIGGER pm_capitation_periods_touch BEFORE UPDATE ON pm_capitation_periods
  FOR EACH ROW EXECUTE FUNCTION pm_touch_updated_at();

ALTER TABLE pm_capitation_contracts ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_capitation_contracts FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_capitation_contracts_tenant ON pm_capitation_contracts
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

ALTER TABLE pm_capitation_roster_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_capitation_roster_events FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_capitation_roster_events_tenant ON pm_capitation_roster_events
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

ALTER TABLE pm_capitation_periods ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_capitation_periods FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_capitation_periods_tenant ON pm_capitation_periods
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

ALTER TABLE pm_capitation_reconciliations ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_capitation_reconciliations FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_capitation_reconciliations_tenant ON pm_capitation_reconciliations
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

ALTER TABLE pm_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_outbox_tenant ON pm_outbox TO pm_vbp_app
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());
CREATE POLICY pm_outbox_relay ON pm_outbox TO pm_vbp_relay USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON pm_capitation_contracts, pm_capitation_periods TO pm_vbp_app;
-- Roster events are a history: recorded, never edited.
GRANT SELECT, INSERT ON pm_capitation_roster_events, pm_capitation_reconciliations TO pm_vbp_app;
GRANT INSERT ON pm_outbox TO pm_vbp_app;
GRANT SELECT, UPDATE ON pm_outbox TO pm_vbp_relay;
