import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import type { Auth } from '../identity/token';
import { allow, deny, isRule, type PermissionMap, type Rule } from '../identity/rules';
import type { Context } from './context';

// Every rule decides from the caller alone (identity/rules.ts), so a field's
// verdict is taken once per request and the resolver is then called directly:
// no promise or middleware per field. permissionVariants goes one step further
// and decides the verdicts before the operation runs, leaving no guard at all
// on the fields they allow.

/** What a guarded field resolves to: its own value (true), or this error. */
type Verdict = true | Error;
type FieldGuard = (ctx: Context) => Verdict;

/** The rule guarding a field: the type's rule, else the field's, else `*`, else deny. */
function ruleOf(map: PermissionMap, typeName: string, fieldName: string): Rule {
  const rules = map[typeName];
  if (isRule(rules)) return rules;
  return rules?.[fieldName] ?? rules?.['*'] ?? deny;
}

/** A rule that throws lets nobody through, and its error stays hidden. */
function decideSafely(rule: Rule, auth: Auth | null): Verdict {
  try {
    return rule.permits(auth) || rule.denial(auth);
  } catch {
    return deny.denial(auth);
  }
}

/** Verdicts taken so far, per request (the context is created fresh for each one). */
const verdictsByRequest = new WeakMap<Context, Map<Rule, Verdict>>();

const guardOf = (rule: Rule): FieldGuard => (ctx) => {
  let verdicts = verdictsByRequest.get(ctx);
  if (!verdicts) verdictsByRequest.set(ctx, (verdicts = new Map()));
  let verdict = verdicts.get(rule);
  if (verdict === undefined) verdicts.set(rule, (verdict = decideSafely(rule, ctx.auth)));
  return verdict;
};

/** An error returned by a resolver is that field's error. */
const guarded = (resolve: GraphQLFieldResolver<unknown, Context>, guard: FieldGuard): GraphQLFieldResolver<unknown, Context> =>
  (parent, args, ctx, info) => {
    const verdict = guard(ctx);
    return verdict === true ? resolve(parent, args, ctx, info) : verdict;
  };

/** A map naming what the schema lacks would leave the renamed type or field to the fallback: refuse it. */
function checkNamesExist(schema: GraphQLSchema, map: PermissionMap): void {
  for (const [typeName, rules] of Object.entries(map)) {
    const type = schema.getType(typeName);
    const stale = !type ? [typeName]
      : isObjectType(type) && !isRule(rules) ? Object.keys(rules).filter((f) => f !== '*' && !(f in type.getFields())).map((f) => `${typeName}.${f}`)
        : [];
    if (stale.length) throw new Error(`The permission map names what the schema lacks: ${stale.join(', ')}`);
  }
}

/**
 * `schema` with each field guarded by its rule, except the fields whose rule
 * `allows` (they keep their resolver, or none: graphql-jit then reads the
 * property inline, where a guard costs a call per field of the answer).
 */
function guardFields(schema: GraphQLSchema, map: PermissionMap, allows: (rule: Rule) => boolean): GraphQLSchema {
  checkNamesExist(schema, map);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      if (field.subscribe) throw new Error(`${typeName}.${fieldName}: subscriptions are not guarded by this executor`);
      const rule = ruleOf(map, typeName, fieldName);
      return rule === allow || allows(rule) ? field : { ...field, resolve: guarded(field.resolve ?? defaultFieldResolver, guardOf(rule)) };
    },
  });
}

/** Every field of every object type guarded by its rule (introspection types are graphql-js's own). */
export function applyPermissions(schema: GraphQLSchema, map: PermissionMap): GraphQLSchema {
  return guardFields(schema, map, () => false);
}

/** Past this many distinct verdict sets, callers get the fully guarded schema (same answers, slower). */
const MAX_VARIANTS = 32;

/**
 * The schema each caller's operations execute on: the fields whose rule
 * allows this caller carry no guard. Callers with the same verdicts (in
 * practice, the same roles) share one such schema, built on first use; fields
 * whose rule denies them keep the guard and its error, so the answer is the
 * one the fully guarded schema gives. `fullyGuarded` is
 * `applyPermissions(schema, map)`, built once by the caller, which serves it too.
 */
export function permissionVariants(schema: GraphQLSchema, fullyGuarded: GraphQLSchema, map: PermissionMap): (auth: Auth | null) => GraphQLSchema {
  const callerRules = [...new Set(Object.keys(map).flatMap((typeName) => {
    const type = schema.getType(typeName);
    return isObjectType(type) ? Object.keys(type.getFields()).map((f) => ruleOf(map, typeName, f)) : [];
  }))].filter((rule) => rule !== allow && rule !== deny);
  const variants = new Map<string, GraphQLSchema>();
  return (auth) => {
    // As decideSafely, without building the error of a denial: a rule that throws lets nobody through.
    const allowed = callerRules.map((rule) => { try { return rule.permits(auth); } catch { return false; } });
    const key = allowed.map(Number).join('');
    let variant = variants.get(key);
    if (!variant) {
      if (variants.size >= MAX_VARIANTS) return fullyGuarded;
      const allowedRules = new Set(callerRules.filter((_, i) => allowed[i]));
      variants.set(key, (variant = guardFields(schema, map, (rule) => allowedRules.has(rule))));
    }
    return variant;
  };
}
