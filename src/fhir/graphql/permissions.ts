import { can } from '../../platform/identity/rules';

const view = can('pm.vbp.view');

/** Contract (FHIR): reading needs pm.vbp.view, the export and the comparison alike. */
export const fhirPermissions = {
  Query: { vbprBundle: view, vbprComparison: view },
  types: { VbprComparison: view, VbprMeasureComparison: view },
};
