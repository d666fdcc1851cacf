import { can } from '../../platform/identity/rules';

const view = can('pm.capitation.view');
const manage = can('pm.capitation.manage');

/** Contract: capitation reads need pm.capitation.view, mutations pm.capitation.manage; the same for `_entities`. */
export const capitationPermissions = {
  Query: { capitationContracts: view, capitationContract: view, capitationPeriod: view, capitationRevenue: view },
  Mutation: {
    createCapitationContract: manage, updateCapitationContract: manage, archiveCapitationContract: manage,
    recordRosterEvent: manage, importRosterCsv: manage, generateCapitationPeriods: manage, reconcileCapitationPeriod: manage,
  },
  types: {
    CapitationContract: view, CapitationContractEdge: view, CapitationContractConnection: view, CapitationPeriod: view,
    CapitationReconciliation: view, CapitationRevenueMonth: view, RosterEvent: view, RosterEventEdge: view,
    RosterEventConnection: view, RosterImportResult: view, RosterImportError: view, Patient: view,
  },
};
