import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { allow, deny } from 'graphql-shield';
import { capitationModule } from '../../capitation';
import { fhirModule } from '../../fhir';
import { qualityModule } from '../../quality';
import { vbpModule } from '../../vbp';
import { type Auth, callerDecisionOf, callerPermitsOf, canAny, isAuthenticated, type Verdict } from '../identity/token';
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
// Going one step further, permissionVariants (below) decides the verdicts before
// the operation runs and leaves no guard on the fields they allow.

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
  return guardFields(schema, () => false);
}

/**
 * `schema` with each field guarded by its rule, except the fields whose rule
 * `allows` (they keep their resolver, or none: graphql-jit then reads the
 * property inline, where a guard costs a call per field of the answer).
 */
function guardFields(schema: GraphQLSchema, allows: (rule: unknown) => boolean): GraphQLSchema {
  checkNamesExist(schema);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      if (field.subscribe) throw new Error(`${typeName}.${fieldName}: subscriptions are not guarded by this executor`);
      const rule = ruleOf(typeName, fieldName);
      const guard = guardOf(rule, `${typeName}.${fieldName}`);
      return rule === allow || allows(rule) ? field : { ...field, resolve: guarded(field.resolve ?? defaultFieldResolver, guard) };
    },
  });
}

/** Past this many distinct verdict sets, callers get the fully guarded schema (same answers, slower). */
const MAX_VARIANTS = 32;

/**
 * The schema each caller's operations execute on. Every rule decides from the
 * caller alone, so the verdicts of a request are known before it executes:
 * the fields whose rule allows this caller need no guard at all. Callers with
 * the same verdicts (in practice, the same roles) share one such schema, built
 * on first use; fields whose rule denies them keep the guard and its error, so
 * the answer is the one the fully guarded schema gives. `fullyGuarded` is
 * `applyPermissions(schema)`, built once by the caller, which serves it too.
 */
export function permissionVariants(schema: GraphQLSchema, fullyGuarded: GraphQLSchema): (auth: Auth | null) => GraphQLSchema {
  const callerRules = [...new Set(Object.keys(ruleTree).flatMap((typeName) => {
    const type = schema.getType(typeName);
    return isObjectType(type) ? Object.keys(type.getFields()).map((f) => ruleOf(typeName, f)) : [];
  }))].filter((rule): rule is Rule => rule !== allow && rule !== deny && isRule(rule));
  const permits = callerRules.map((rule) => callerPermitsOf(rule)!);
  const variants = new Map<string, GraphQLSchema>();
  return (auth) => {
    // As decideSafely: a rule that throws lets nobody through.
    const allowed = permits.map((lets) => { try { return lets(auth); } catch { return false; } });
    const key = allowed.map(Number).join('');
    let variant = variants.get(key);
    if (!variant) {
      if (variants.size >= MAX_VARIANTS) return fullyGuarded;
      const allowedRules = new Set(callerRules.filter((_, i) => allowed[i]));
      variants.set(key, (variant = guardFields(schema, (rule) => allowedRules.has(rule as Rule))));
    }
    return variant;
  };
}
