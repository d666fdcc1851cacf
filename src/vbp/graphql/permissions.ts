import { can } from '../../platform/identity/rules';

const view = can('pm.vbp.view');
const manage = can('pm.vbp.manage');

/** Contract: reading needs pm.vbp.view, every VBP mutation pm.vbp.manage; the same for `_entities`. */
export const vbpPermissions = {
  Query: { programs: view, program: view, measure: view, incentivePayment: view, vbpDashboard: view },
  Mutation: {
    createProgram: manage, updateProgram: manage, archiveProgram: manage,
    addMeasure: manage, updateMeasure: manage, deleteMeasure: manage,
    recordIncentivePayment: manage, updateIncentivePayment: manage, deleteIncentivePayment: manage,
    setIncentiveTerms: manage,
  },
  types: {
    Program: view, ProgramSummary: view, ProgramEdge: view, ProgramConnection: view,
    Measure: view, IncentivePayment: view, VbpDashboard: view,
    IncentiveTerms: view, MeasureWeight: view, IncentiveForecast: view, MeasureForecast: view,
  },
};
