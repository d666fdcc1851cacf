-- Incentive terms of a VBP program (contract README: Incentive terms and forecast):
-- at most one row of terms per program, and its measure weights keyed by measureId
-- (not by measure row), so a weight outlives its measure and a measure added again
-- under that id takes it again. The forecast is computed on read; nothing of it is stored.

CREATE TABLE pm_vbp_incentive_terms (
  organization_id uuid NOT NULL,
  program_id      uuid NOT NULL,
  max_incentive   numeric(18, 2) NOT NULL CHECK (max_incentive >= 0 AND max_incentive < 1000000000000),
  -- Kept as given (its shortest decimal form, no scale) and compared in exact decimal.
  quality_gate    numeric CHECK (quality_gate IS NULL OR (quality_gate >= 0 AND quality_gate <= 1)),
  at_risk_amount  numeric(18, 2) NOT NULL DEFAULT 0 CHECK (at_risk_amount >= 0 AND at_risk_amount < 1000000000000),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT pm_vbp_incentive_terms_pkey PRIMARY KEY (organization_id, program_id),
  CONSTRAINT pm_vbp_incentive_terms_program_fkey FOREIGN KEY (organization_id, program_id)
    REFERENCES pm_vbp_programs (organization_id, id) ON DELETE CASCADE
);
-- The primary key (organization_id, program_id) is the foreign key's index; reads by program alone use this one.
CREATE UNIQUE INDEX pm_vbp_incentive_terms_program_idx ON pm_vbp_incentive_terms (program_id);

CREATE TABLE pm_vbp_measure_weights (
  organization_id uuid NOT NULL,
  program_id      uuid NOT NULL,
  measure_id      text COLLATE "C" NOT NULL CHECK (measure_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  -- Stored rounded half-up to 4 decimals; one that rounds to 0 is refused.
  weight          numeric(8, 4) NOT NULL CHECK (weight > 0 AND weight <= 1000),
  CONSTRAINT pm_vbp_measure_weights_pkey PRIMARY KEY (organization_id, program_id, measure_id),
  -- Weights belong to the terms: removing the terms (or the program) removes them.
  CONSTRAINT pm_vbp_measure_weights_terms_fkey FOREIGN KEY (organization_id, program_id)
    REFERENCES pm_vbp_incentive_terms (organization_id, program_id) ON DELETE CASCADE,
  CONSTRAINT pm_vbp_measure_weights_program_fkey FOREIGN KEY (organization_id, program_id)
    REFERENCES pm_vbp_programs (organization_id, id) ON DELETE CASCADE
);
-- The primary key's leading columns index both foreign keys; reads by program alone use this one.
CREATE INDEX pm_vbp_measure_weights_program_idx ON pm_vbp_measure_weights (program_id, measure_id);

CREATE TRIGGER pm_vbp_incentive_terms_touch BEFORE UPDATE ON pm_vbp_incentive_terms
  FOR EACH ROW EXECUTE FUNCTION pm_touch_updated_at();

ALTER TABLE pm_vbp_incentive_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_vbp_incentive_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_vbp_incentive_terms_tenant ON pm_vbp_incentive_terms
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

ALTER TABLE pm_vbp_measure_weights ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_vbp_measure_weights FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_vbp_measure_weights_tenant ON pm_vbp_measure_weights
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

GRANT SELECT, INSERT, UPDATE, DELETE ON pm_vbp_incentive_terms, pm_vbp_measure_weights TO pm_vbp_app;
