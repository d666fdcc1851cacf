-- reconciledBy is the token's `sub`, which OpenID Connect caps at 255
-- characters (the subject check in platform/auth.ts refuses longer ones).
ALTER TABLE pm_capitation_reconciliations DROP CONSTRAINT pm_capitation_reconciliations_reconciled_by_check;
ALTER TABLE pm_capitation_reconciliations ADD CONSTRAINT pm_capitation_reconciliations_reconciled_by_check
  CHECK (char_length(reconciled_by) BETWEEN 1 AND 255);
