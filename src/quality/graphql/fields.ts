import type { QualityResultRow } from '../ingest.service';

/** Fields computed from their row alone (declared on the object types). */
export const qualityFields = {
  QualityMeasureResult: {
    /** A decimal in the row, a Float in the contract: converted last. */
    rate: (result: QualityResultRow) => (result.rate === null ? null : Number(result.rate.toString())),
  },
};
