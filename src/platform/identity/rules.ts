import { forbidden, unauthenticated } from '../graphql/errors';
import type { Auth, Permission } from './token';

/**
 * A permission rule decides from the caller alone (never the parent object,
 * the arguments or the database), so a request's verdicts are known before it
 * executes (graphql/field-guard.ts) and each is taken once per request.
 */
export interface Rule {
  readonly name: string;
  permits(auth: Auth | null): boolean;
  /** The error a field answers when `permits` is false. */
  denial(auth: Auth | null): Error;
}

/** A type's rule for all its fields, or a rule per field (`*` for the rest). */
export type TypeRules = Rule | Readonly<Record<string, Rule>>;
/** The one permission map: type name to rules. Anything it does not name is denied. */
export type PermissionMap = Readonly<Record<string, TypeRules>>;

export const isRule = (x: unknown): x is Rule => !!x && typeof x === 'object' && typeof (x as Rule).permits === 'function';

export const allow: Rule = { name: 'allow', permits: () => true, denial: () => forbidden() };
/** The fallback: what the map does not name is FORBIDDEN for everyone. */
export const deny: Rule = { name: 'deny', permits: () => false, denial: () => forbidden() };
export const isAuthenticated: Rule = { name: 'isAuthenticated', permits: (auth) => !!auth, denial: () => unauthenticated() };

// Modules asking for the same permissions share one rule, so a request decides it once.
const named = new Map<string, Rule>();

/** Any one of the permissions (a QualityMeasureResult is readable with pm.vbp.view or pm.quality.ingest). */
export function canAny(...permissions: Permission[]): Rule {
  const name = `can:${permissions.join('|')}`;
  let rule = named.get(name);
  if (!rule) {
    rule = {
      name,
      permits: (auth) => !!auth && permissions.some((p) => auth.permissions.has(p)),
      denial: (auth) => (auth ? forbidden() : unauthenticated()),
    };
    named.set(name, rule);
  }
  return rule;
}

export const can = (permission: Permission): Rule => canAny(permission);
