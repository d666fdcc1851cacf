-- Case-insensitive search beyond ASCII. Under COLLATE "C" (and on PGlite, which
-- has no ICU) lower() and ILIKE fold A–Z only, so the service stores the name
-- lower-cased by JavaScript (locale-independent) and searches this column.
ALTER TABLE pm_vbp_programs ADD COLUMN name_search text COLLATE "C";
UPDATE pm_vbp_programs SET name_search = lower(name);
ALTER TABLE pm_vbp_programs ALTER COLUMN name_search SET NOT NULL;
