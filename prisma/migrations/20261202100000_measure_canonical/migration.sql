-- A measure's FHIR canonical (`url` or `url|version`) names it in Da Vinci VBPR
-- exchanges: the quality report's `measure` on export, the first match on import.
-- The same rule as the input check (vbp/model/measure-canonical.ts), so a row
-- written past the API cannot break the export.
ALTER TABLE pm_vbp_measures ADD COLUMN canonical text;
ALTER TABLE pm_vbp_measures ADD CONSTRAINT pm_vbp_measures_canonical_check CHECK (
  canonical IS NULL OR (
    char_length(canonical) BETWEEN 1 AND 500
    AND canonical !~ '[[:space:][:cntrl:]]'
    AND canonical ~* '^(https?://[^/|?#]+|urn:[a-z0-9][a-z0-9-]{0,31}:[^|]+)[^|]*(\|[^|]{1,64})?$'
  )
);
