import { allow, canAny, isAuthenticated, type PermissionMap } from '../platform/identity/rules';
import { modules } from './modules';

/**
 * The one permission map, the modules' maps joined. Anything not named here is
 * denied (the fallback), so a new type or field is closed until someone
 * decides who may see it. Type-level rules also guard entities reached through `_entities`.
 */
export const permissionMap: PermissionMap = {
  Query: Object.assign({ _service: allow, _entities: isAuthenticated }, ...modules.map((m) => m.permissions.Query ?? {})),
  Mutation: Object.assign({}, ...modules.map((m) => m.permissions.Mutation ?? {})),
  _Service: allow,
  PageInfo: allow,
  ...Object.assign({}, ...modules.map((m) => m.permissions.types ?? {})),
  // Programs and capitation contracts both name their payer.
  Payer: canAny('pm.vbp.view', 'pm.capitation.view'),
};
