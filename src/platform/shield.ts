import { allow, deny, shield } from 'graphql-shield';
import { capitationModule } from '../capitation';
import { fhirModule } from '../fhir';
import { qualityModule } from '../quality';
import { vbpModule } from '../vbp';
import { canAny, isAuthenticated } from './auth';
import { forbidden } from './errors';

/**
 * The one permission map. Anything not named here is denied (fallback), so a
 * new type or field is closed until someone decides who may see it. Type-level
 * rules also guard entities reached through `_entities`.
 */
export const ruleTree = {
  Query: {
    _service: allow, _entities: isAuthenticated,
    ...vbpModule.permissions.Query, ...capitationModule.permissions.Query, ...qualityModule.permissions.Query,
    ...fhirModule.permissions.Query,
  },
  Mutation: { ...vbpModule.permissions.Mutation, ...capitationModule.permissions.Mutation, ...qualityModule.permissions.Mutation },
  _Service: allow,
  PageInfo: allow,
  ...vbpModule.permissions.types,
  ...capitationModule.permissions.types,
  ...qualityModule.permissions.types,
  ...fhirModule.permissions.types,
  // Programs and capitation contracts both name their payer.
  Payer: canAny('pm.vbp.view', 'pm.capitation.view'),
};

export const permissions = shield(ruleTree, {
  fallbackRule: deny,
  allowExternalErrors: true,
  fallbackError: () => forbidden(),
});
