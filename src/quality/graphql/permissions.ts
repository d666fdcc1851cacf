import { can, canAny } from '../../platform/identity/rules';

/**
 * Contract: quality results are read with pm.vbp.view; a QualityMeasureResult
 * may also be read with pm.quality.ingest (the publisher sees what it stored);
 * ingesting needs pm.quality.ingest.
 */
export const qualityPermissions = {
  Query: { qualityMeasureResults: can('pm.vbp.view') },
  Mutation: { ingestQualityMeasurePeriod: can('pm.quality.ingest') },
  types: { QualityMeasureResult: canAny('pm.vbp.view', 'pm.quality.ingest') },
};
