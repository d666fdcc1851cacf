import { defaultFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { type Auth, PERMISSIONS, type Permission, permissionsOf, type Role } from '../../src/platform/identity/token';
import type { Context } from '../../src/platform/graphql/context';
import { buildAppSchema } from '../../src/app/schema';

/**
 * shield.ts permissionVariants: the schema a caller's operation executes on
 * keeps a field's guard exactly where the field's rule denies that caller.
 * The permission tests (test/security) check the answers through HTTP; these
 * check the schemas themselves.
 */
let executableFor: (auth: Auth | null) => GraphQLSchema;
let guarded: GraphQLSchema;
beforeAll(async () => { ({ executableFor, schema: guarded } = await buildAppSchema()); });

const callerWith = (permissions: Permission[], roles: Role[] = []): Auth => ({
  userId: 'u', orgId: '00000000-0000-4000-8000-000000000001', roles, permissions: new Set(permissions),
});
const ofRoles = (...roles: Role[]) => callerWith([...permissionsOf(roles)], roles);

/**
 * What a field of `schema` answers for `auth` on a parent whose property is `value`. A field with a
 * resolver of its own reads more than this context holds: that it was called at all is what counts here.
 */
function answer(schema: GraphQLSchema, typeName: string, fieldName: string, auth: Auth | null, value: unknown): unknown {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(typeName);
  const resolve = type.getFields()[fieldName].resolve ?? defaultFieldResolver;
  try {
    const result = resolve({ [fieldName]: value }, {}, { auth } as Context, { fieldName } as never);
    if (result instanceof Promise) {
      result.catch(() => undefined);
      return 'called';
    }
    return result;
  } catch {
    return 'called';
  }
}

describe('permission variants of the schema', () => {
  it('callers with the same roles share one schema; other roles get another', () => {
    expect(executableFor(ofRoles('staff'))).toBe(executableFor(ofRoles('staff')));
    expect(executableFor(ofRoles('org_admin'))).not.toBe(executableFor(ofRoles('staff')));
  });

  it('a field its rule allows has no guard left; one its rule denies answers the rule\'s error', () => {
    const staff = ofRoles('staff');
    const schema = executableFor(staff);
    const measure = schema.getType('Measure');
    expect(isObjectType(measure) && measure.getFields().measureName.resolve).toBeFalsy();
    expect(answer(schema, 'Measure', 'measureName', staff, 'BCS')).toBe('BCS');
    const denied = answer(schema, 'CapitationContract', 'name', staff, 'HMO') as Error & { extensions?: { code?: string } };
    expect(denied).toBeInstanceOf(Error);
    expect(denied.extensions?.code).toBe('FORBIDDEN');
    expect(answer(executableFor(null), 'Program', 'name', null, 'P')).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('for every set of permissions, every field answers as on the fully guarded schema (past 32 sets, that schema itself)', () => {
    const sets = Array.from({ length: 2 ** PERMISSIONS.length }, (_, bits) => PERMISSIONS.filter((_, i) => bits & (2 ** i)));
    const callers: (Auth | null)[] = [null, ...sets.map((permissions) => callerWith(permissions))];
    for (const auth of callers) {
      const schema = executableFor(auth);
      for (const type of Object.values(guarded.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__')) continue;
        for (const fieldName of Object.keys(type.getFields())) {
          const expected = answer(guarded, type.name, fieldName, auth, 'value');
          const actual = answer(schema, type.name, fieldName, auth, 'value');
          if (expected instanceof Error) {
            expect({ field: `${type.name}.${fieldName}`, error: actual instanceof Error && actual.message }).toEqual({ field: `${type.name}.${fieldName}`, error: expected.message });
          } else {
            expect({ field: `${type.name}.${fieldName}`, actual }).toEqual({ field: `${type.name}.${fieldName}`, actual: expected });
          }
        }
      }
    }
  });
});
