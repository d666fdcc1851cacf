import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { allow, deny } from 'graphql-shield';
import { capitationModule } from '../capitation';
import { fhirModule } from '../fhir';
import { qualityModule } from '../quality';
import { vbpModule } from '../vbp';
import { callerDecisionOf, canAny, isAuthenticated, type Verdict } from './auth';
import type { Context } from './context';
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

/** As graphql-shield's options say it: unnamed fields are denied, a denial is FORBIDDEN. */
export const permissionOptions = { fallbackRule: deny, fallbackError: () => forbidden() } as const;

// ─── the executor ───
//
// graphql-shield's own executor (graphql-middleware) wraps every field in an
// async middleware, so each of the dashboard's ~6,000 scalar fields became a
// promise: ~4 ms of shield code, ~8 ms of microtasks and a share of GC per
// request (bench/profile-dashboard.ts). Every rule in the map decides from the
// caller alone (auth.ts), so this executor takes each rule's verdict once per
// request, as shield's `contextual` cache does, and then calls the resolver
// directly: same map, same rules, same fallback, same errors, no promise added.

type Rule = typeof allow | ReturnType<typeof canAny>;
type FieldGuard = (ctx: Context) => Verdict;

const isRule = (x: unknown): x is Rule => !!x && typeof x === 'object' && typeof (x as Rule).resolve === 'function';

/** The rule guarding a field, resolved as graphql-shield does: type rule, else field rule, else `*`, else fallback. */
function ruleOf(typeName: string, fieldName: string): unknown {
  const rules = (ruleTree as Record<string, unknown>)[typeName];
  if (isRule(rules)) return rules;
  const fieldRules = (rules ?? {}) as Record<string, unknown>;
  return fieldRules[fieldName] ?? fieldRules['*'] ?? permissionOptions.fallbackRule;
}

/** Verdicts of the rules decided so far, per request (the context is created fresh for each one). */
const verdictsByRequest = new WeakMap<Context, Map<Rule, Verdict>>();

function guardOf(rule: unknown, where: string): FieldGuard {
  if (rule === allow) return () => true;
  if (rule === deny) return () => permissionOptions.fallbackError();
  const decide = isRule(rule) ? callerDecisionOf(rule) : undefined;
  // Only rules that cannot look past the caller may share a verdict; anything else would need shield's own executor.
  if (!decide) throw new Error(`${where}: only allow, deny and the caller rules of platform/auth.ts can guard a field`);
  return (ctx) => {
    let verdicts = verdictsByRequest.get(ctx);
    if (!verdicts) verdictsByRequest.set(ctx, (verdicts = new Map()));
    let verdict = verdicts.get(rule as Rule);
    if (verdict === undefined) {
      verdict = decideSafely(() => decide(ctx.auth));
      verdicts.set(rule as Rule, verdict);
    }
    return verdict;
  };
}

/** graphql-shield turns a rule that throws into a denial (its error stays hidden); so do we. */
function decideSafely(decide: () => Verdict): Verdict {
  try {
    return decide();
  } catch {
    return permissionOptions.fallbackError();
  }
}

/** An error returned by a resolver is that field's error, exactly as when shield returned it. */
const guarded = (resolve: GraphQLFieldResolver<unknown, Context>, guard: FieldGuard): GraphQLFieldResolver<unknown, Context> =>
  (parent, args, ctx, info) => {
    const verdict = guard(ctx);
    return verdict === true ? resolve(parent, args, ctx, info) : verdict;
  };

/** A map naming what the schema lacks would leave the renamed type or field to the fallback: refuse it. */
function checkNamesExist(schema: GraphQLSchema): void {
  for (const [typeName, rules] of Object.entries(ruleTree)) {
    const type = schema.getType(typeName);
    const stale = !type ? [typeName]
      : isObjectType(type) && !isRule(rules) ? Object.keys(rules).filter((f) => f !== '*' && !(f in type.getFields())).map((f) => `${typeName}.${f}`)
        : [];
    if (stale.length) throw new Error(`The permission map names what the schema lacks: ${stale.join(', ')}`);
  }
}

/** Every field of every object type guarded by its rule from `ruleTree` (introspection types are graphql-js's own). */
export function applyPermissions(schema: GraphQLSchema): GraphQLSchema {
  checkNamesExist(schema);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      if (field.subscribe) throw new Error(`${typeName}.${fieldName}: subscriptions are not guarded by this executor`);
      const guard = guardOf(ruleOf(typeName, fieldName), `${typeName}.${fieldName}`);
      return { ...field, resolve: guarded(field.resolve ?? defaultFieldResolver, guard) };
    },
  });
}
