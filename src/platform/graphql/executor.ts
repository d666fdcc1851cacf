import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  BREAK, type DocumentNode, execute, type ExecutionResult, getNamedType, GraphQLError, type GraphQLSchema, isScalarType, isSpecifiedScalarType,
  Kind, TypeInfo, visit, visitWithTypeInfo,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Auth } from '../identity/token';
import { tracedOperations } from '../telemetry/spans';
import type { Context } from './context';
import { badInput } from './errors';
import { findBadArgumentText, type TextCheckedElsewhere } from './text-boundary';

/**
 * Operations run as code compiled by graphql-jit, once per document, instead
 * of graphql-js walking the document for each of the ~6,000 fields of a
 * dashboard. Resolvers, the permission executor (shield.ts), the validation
 * rules and query limits (which run before this) and error formatting are the
 * same; graphql-js still runs what graphql-jit will not compile, and still
 * checks the variables, so their errors keep the exact words
 * error-redaction.ts knows how to strip of the values they echo.
 * bench/peers measured it: see the README's Operations section.
 *
 * Two things graphql-jit does differently are kept away from callers:
 * - it writes literal argument values into its code as JSON, so a literal
 *   our scalars parse into objects (a Decimal, a calendar date) would reach
 *   the resolver as a plain copy: documents with such a literal run on
 *   graphql-js (clients mostly send variables, which are parsed per request);
 * - its errors are frozen look-alikes of GraphQLError, which plugins that
 *   rewrite messages (GraphQL Armor's suggestion masking) cannot touch: they
 *   are turned back into graphql-js's own.
 *
 * A request for a federated trace (a router's `apollo-federation-include-trace:
 * ftv1`) runs on graphql-js over the schema Apollo serves, whose resolvers
 * Apollo's trace plugin times field by field; compiled code would leave the
 * trace without its fields.
 *
 * Compiling costs more than running a document once, so a document is
 * compiled on its second use (`compileAfterUses`), as dashboards repeat theirs:
 * a stream of never-repeated documents costs what graphql-js costs, not a
 * compilation each.
 */

type Compiled = CompiledQuery<Record<string, unknown>, Record<string, unknown>>;

/**
 * Per executable schema (one per set of permission verdicts, shield.ts), per document: Apollo keeps one
 * parsed document per query text (its document store), so its compiled code is reused, then collected with it.
 */
const compiledBySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, { uses: number; compiled?: Compiled | null }>>>();

/** True when a literal in the document (argument, input field, list item or variable default) is of a scalar of ours. */
function hasLiteralOfCustomScalar(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  const check = () => {
    const type = getNamedType(typeInfo.getInputType());
    if (type && isScalarType(type) && !isSpecifiedScalarType(type)) {
      found = true;
      return BREAK;
    }
    return undefined;
  };
  visit(document, visitWithTypeInfo(typeInfo, {
    [Kind.STRING]: check, [Kind.INT]: check, [Kind.FLOAT]: check, [Kind.BOOLEAN]: check, [Kind.OBJECT]: check, [Kind.LIST]: check,
  }));
  return found;
}

/** The compiled operation, once it has been asked for `compileAfterUses` times; null when graphql-js should run it. */
function compiledFor(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, compileAfterUses: number): Compiled | null {
  let compiledByDocument = compiledBySchema.get(schema);
  if (!compiledByDocument) compiledBySchema.set(schema, (compiledByDocument = new WeakMap()));
  let byOperation = compiledByDocument.get(document);
  if (!byOperation) compiledByDocument.set(document, (byOperation = new Map()));
  const key = operationName ?? '';
  let entry = byOperation.get(key);
  if (!entry) byOperation.set(key, (entry = { uses: 0 }));
  if (entry.compiled === undefined && ++entry.uses >= compileAfterUses) {
    const result = hasLiteralOfCustomScalar(schema, document) ? null
      : compileQuery(schema, document, operationName, { useExperimentalPathBasedSkipInclude: true });
    entry.compiled = result && isCompiledQuery(result) ? (result as Compiled) : null;
  }
  return entry.compiled ?? null;
}

export interface ExecutionOptions {
  /** The schema a caller's operation runs on (AppSchema.executableFor); all have the same types and fields. */
  executableFor: (auth: Auth | null) => GraphQLSchema;
  /** Compile a document on this use of it (default 2; the tests say 1, so that everything they send runs compiled). */
  compileAfterUses?: number;
  /** Schema coordinates whose text a module checks itself (text-boundary.ts); `_entities` is always among them. */
  textCheckedElsewhere?: readonly string[];
}

/** `_entities` answers null for a representation it cannot use (entities.ts), never an error for the whole request. */
const ENTITIES_COORDINATE = 'Query._entities(representations:)';

export function createExecutor({ executableFor, compileAfterUses = 2, textCheckedElsewhere = [] }: ExecutionOptions, traced?: GraphQLSchema): GatewayExecutor {
  const elsewhere: TextCheckedElsewhere = new Set([ENTITIES_COORDINATE, ...textCheckedElsewhere]);
  // Apollo has parsed and validated the document and picked its operation by now.
  return tracedOperations(async ({ document, operation, request, context }) => {
    const schema = executableFor((context as Context).auth);
    const variables = request.variables ?? {};
    // Text is text: checked here, before any resolver or the database sees an argument (text-boundary.ts).
    const badText = findBadArgumentText(schema, document, operation, variables, elsewhere);
    if (badText) return { errors: [badInput(badText.field, `${badText.field} ${badText.reason}`)] };
    if (traced && request.http?.headers.get('apollo-federation-include-trace') === 'ftv1') {
      return execute({ schema: traced, document, contextValue: context, variableValues: request.variables, operationName: request.operationName });
    }
    const { operationName } = request;
    const compiled = compiledFor(schema, document, operationName, compileAfterUses);
    // A first use, or anything graphql-jit should not or will not compile: graphql-js's answer, errors included.
    if (!compiled) return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    return asGraphqlJsErrors(await compiled.query(undefined, context, variables));
  });
}

function asGraphqlJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((jitError) => {
    const error = new GraphQLError(jitError.message, {
      path: jitError.path, originalError: jitError.originalError ?? undefined, extensions: jitError.extensions,
    });
    (error as { locations?: GraphQLError['locations'] }).locations = jitError.locations;
    return error;
  });
  return { ...result, errors };
}

/**
 * Apollo Server takes another executor only through its gateway interface:
 * this "gateway" serves our own schema, fixed (Apollo validates against it),
 * with the executor above.
 */
export function jitGateway(schema: GraphQLSchema, execution: ExecutionOptions = { executableFor: () => schema }): GatewayInterface {
  return {
    async load() {
      return { schema, executor: createExecutor(execution, schema) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}
