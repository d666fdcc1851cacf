import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError, ValidationRule } from 'graphql';

/**
 * The limits every operation meets before anything executes, in one place
 * (README "Query limits"). They are validation rules and a parse option, so a
 * refused operation never reaches a resolver, and a document that passed is
 * cached by Apollo and not checked again.
 *
 * Sized from the largest legitimate operations (`test/platform/query-limits.test.ts`
 * keeps them passing): the dashboard at `first: 100` costs 17,206 and is
 * 5 levels deep; a router's `_entities` fetch is shallower.
 */
export const QUERY_LIMITS = {
  /** Programs → measures → program → … is a cycle; 10 levels (leaves counted) is room for every real screen. */
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  /** graphql-js stops parsing after this many tokens (the dashboard has ~110). */
  maxTokens: 3000,
  /** GraphQL Armor's static cost: objects 2, scalars 1, ×1.5 per level, × `first`. */
  maxCost: 20_000,
} as const;

const HIDDEN_LIMIT_MESSAGE = 'Query validation error.';

export interface QueryLimits {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

/**
 * GraphQL Armor's rules for Apollo. In production the limits are not echoed
 * (a caller learns that it was refused, not where the line is) and field
 * suggestions are masked, so the schema cannot be guessed with typos.
 */
export function queryLimits(production: boolean, onReject: (error: GraphQLError) => void = () => undefined): QueryLimits {
  const common = { exposeLimits: !production, errorMessage: HIDDEN_LIMIT_MESSAGE, onReject: [(_: unknown, error: GraphQLError) => onReject(error)] };
  const armor = new ApolloArmor({
    maxDepth: { ...common, n: QUERY_LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { ...common, n: QUERY_LIMITS.maxAliases },
    maxDirectives: { ...common, n: QUERY_LIMITS.maxDirectives },
    costLimit: { ...common, maxCost: QUERY_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: production },
    // graphql-js's own `maxTokens` parse option does this in the one parse Apollo already makes;
    // Armor's plugin would parse every new document a second time.
    maxTokens: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as ApolloServerPlugin[], validationRules, parseOptions: { maxTokens: QUERY_LIMITS.maxTokens } };
}
