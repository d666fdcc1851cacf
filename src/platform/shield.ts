import { allow, deny, shield } from 'graphql-shield';
import { vbpModule } from '../vbp';
import { isAuthenticated } from './auth';
import { forbidden } from './errors';

/**
 * The one permission map. Anything not named here is denied (fallback), so a
 * new type or field is closed until someone decides who may see it. Type-level
 * rules also guard entities reached through `_entities`.
 */
export const ruleTree = {
  Query: { _service: allow, _entities: isAuthenticated, ...vbpModule.permissions.Query },
  Mutation: { ...vbpModule.permissions.Mutation },
  _Service: allow,
  PageInfo: allow,
  ...vbpModule.permissions.types,
};

export const permissions = shield(ruleTree, {
  fallbackRule: deny,
  allowExternalErrors: true,
  fallbackError: () => forbidden(),
});
