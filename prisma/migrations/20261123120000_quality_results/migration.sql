-- Quality results from CL (cl_quality_measure_period_calculated): aggregates
-- only, never PHI. Kept once per (organization, measure, period); the newest
-- event timestamp wins.

CREATE TABLE pm_quality_measure_results (
  organization_id   uuid NOT NULL,
  measure_id        text COLLATE "C" NOT NULL CHECK (measure_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  period_start      date NOT NULL,
  period_end        date NOT NULL,
  denominator_count integer NOT NULL CHECK (denominator_count >= 0),
  numerator_count   integer NOT NULL CHECK (numerator_count >= 0),
  -- numerator / denominator half-up to 4 places; NULL when the denominator is 0.
  rate              numeric(5, 4) CHECK (rate >= 0 AND rate <= 1),
  calculated_at     timestamptz(3) NOT NULL,
  received_at       timestamptz(3) NOT NULL DEFAULT now(),
  source_system     text CHECK (source_system IS NULL OR char_length(source_system) <= 200),
  site_id           uuid,
  correlation_id    uuid,
  version           text NOT NULL DEFAULT '1.0' CHECK (char_length(version) BETWEEN 1 AND 20),
  PRIMARY KEY (organization_id, measure_id, period_start, period_end),
  CONSTRAINT pm_quality_measure_results_counts CHECK (numerator_count <= denominator_count),
  CONSTRAINT pm_quality_measure_results_period CHECK (period_start <= period_end),
  CONSTRAINT pm_quality_measure_results_rate CHECK ((denominator_count = 0) = (rate IS NULL))
);

-- Every event received on either path, with its outcome, for audit. Never the
-- payload's values: a rejected event may carry anything, PHI included.
CREATE TABLE pm_inbox (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid,
  channel         text NOT NULL CHECK (channel IN ('cl_events', 'graphql')),
  event_type      text NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('STORED', 'REPLACED', 'DUPLICATE', 'STALE', 'REJECTED')),
  reason          text CHECK (reason IS NULL OR char_length(reason) <= 500),
  payload_sha256  text NOT NULL CHECK (payload_sha256 ~ '^[0-9a-f]{64}$'),
  received_at     timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX pm_inbox_org_received_idx ON pm_inbox (organization_id, received_at);

ALTER TABLE pm_quality_measure_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_quality_measure_results FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_quality_measure_results_tenant ON pm_quality_measure_results
  USING (organization_id = pm_current_org()) WITH CHECK (organization_id = pm_current_org());

-- A rejected event may have no (valid) organization: such audit rows have none.
ALTER TABLE pm_inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_inbox FORCE ROW LEVEL SECURITY;
CREATE POLICY pm_inbox_tenant ON pm_inbox
  USING (organization_id = pm_current_org())
  WITH CHECK (organization_id IS NULL OR organization_id = pm_current_org());

GRANT SELECT, INSERT, UPDATE ON pm_quality_measure_results TO pm_vbp_app;
GRANT SELECT, INSERT ON pm_inbox TO pm_vbp_app;
