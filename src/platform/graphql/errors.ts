import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describeVariableError, redactLiterals } from './error-redaction';

/** Every error code a client can see; the contract README's table, plus the masked one. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  READ_ONLY: 'READ_ONLY',
  /** Not in the contract's table: the database is unreachable or too slow; `retryable: true`, HTTP 503. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const coded = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, status?: number) =>
  new GraphQLError(message, { extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) } });

export const unauthenticated = (message = 'Authentication required') =>
  coded(ErrorCode.UNAUTHENTICATED, message, {}, 401);
export const forbidden = (message = 'Not allowed') => coded(ErrorCode.FORBIDDEN, message);
/** `field` is the input field's name or path, e.g. `input.periodStart`. */
export const badInput = (field: string, message: string) => coded(ErrorCode.BAD_USER_INPUT, message, { field });
export const notFound = (what: string) => coded(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string, field?: string) =>
  coded(ErrorCode.CONFLICT, message, field ? { field } : {});
export const readOnly = (message: string) => coded(ErrorCode.READ_ONLY, message);
export const serviceUnavailable = () =>
  coded(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable; try again shortly', { retryable: true }, 503);

const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] \d+ tokens/;

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** What Prisma, its driver adapter or pg report about a failed statement. */
interface DbErrorShape {
  code?: string;
  message?: string;
  cause?: unknown;
  meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
}

/** The error's own code, PostgreSQL's SQLSTATE (or Node's socket error) wherever it sits, and the adapter's kind. */
function dbErrorParts(error: unknown) {
  const e = (error ?? {}) as DbErrorShape;
  const cause = e.meta?.driverAdapterError?.cause;
  // The driver adapter's own error (DriverAdapterError) can also reach us unwrapped, its kind in `cause`:
  // a pooled connection closing mid-transaction does (seen in the chaos run).
  const ownKind = (e.cause as { kind?: unknown } | undefined)?.kind;
  return { e, code: e.code, pgCode: cause?.originalCode ?? e.meta?.code ?? e.code, adapterKind: cause?.kind ?? (typeof ownKind === 'string' ? ownKind : undefined) };
}

/** Serialization failures and deadlocks: worth retrying the whole transaction. */
export function isRetryableDbError(error: unknown): boolean {
  const { code, pgCode, adapterKind } = dbErrorParts(error);
  return code === 'P2034' || pgCode === '40001' || pgCode === '40P01' || adapterKind === 'TransactionWriteConflict';
}

/** Prisma's codes for a database it cannot reach, a pool it waited on too long, a connection lost mid-way. */
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The driver adapter's kinds for the same. */
const UNREACHABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'DatabaseDoesNotExist', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/**
 * SQLSTATE classes 08 (connection exception), 53 (insufficient resources),
 * 57P (operator intervention: shutdown, restart, recovery) and 57014 (the
 * statement timeout); Node's socket errors when nothing listens.
 */
const UNREACHABLE_PG_CODE = /^(08|53|57P)|^57014$/;
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const CONNECTION_LOST = /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect|Transaction already closed|Unable to start a transaction in the given time/i;

/**
 * True when an error says the database is down, restarting or too slow rather
 * than that the request was wrong: the client may retry the same request.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { e, code, pgCode, adapterKind } = dbErrorParts(error);
  return UNREACHABLE_PRISMA_CODES.has(code ?? '') || UNREACHABLE_ADAPTER_KINDS.has(adapterKind ?? '')
    || (typeof pgCode === 'string' && (UNREACHABLE_PG_CODE.test(pgCode) || SOCKET_ERRORS.has(pgCode)))
    || CONNECTION_LOST.test(e.message ?? '')
    || (e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause));
}

/**
 * Maps what the database refused to a client error. A uniqueness violation is
 * CONFLICT (on `uniqueField` when the caller knows which input it was), a
 * missing row NOT_FOUND; anything else is rethrown and masked by formatError.
 */
export function mapDbError(error: unknown, options: { uniqueField?: string; what?: string } = {}): never {
  if (error instanceof GraphQLError) throw error;
  const code = (error as { code?: string })?.code;
  if (code === 'P2002') throw conflict(`${options.what ?? 'A record'} with the same key already exists`, options.uniqueField);
  if (code === 'P2025') throw notFound(options.what ?? 'Record');
  if (isRetryableDbError(error)) throw conflict('A concurrent change could not be serialized; try again');
  throw error;
}

/** True for the errors we raised on purpose (and Apollo's own request errors). */
export function isExpectedError(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR
    && (KNOWN_CODES.has(code) || code.startsWith('GRAPHQL_') || code === 'PERSISTED_QUERY_NOT_FOUND'
      || code === 'PERSISTED_QUERY_NOT_SUPPORTED' || code === 'OPERATION_RESOLUTION_FAILURE' || code === 'BAD_REQUEST');
}

/**
 * The last step of every response: keeps coded errors, adds `extensions.field`
 * to coercion errors of variables, and replaces everything unexpected by an
 * opaque internal error (the original was logged with the request id).
 */
export function formatError(formatted: GraphQLFormattedError, production: boolean): GraphQLFormattedError {
  if (isExpectedError(formatted)) {
    const extensions = { ...formatted.extensions };
    let { message } = formatted;
    const variableError = extensions.code === ErrorCode.BAD_USER_INPUT && extensions.field === undefined
      ? describeVariableError(message) : null;
    if (variableError) {
      ({ message } = variableError);
      extensions.field = variableError.field;
    } else if (typeof extensions.code === 'string' && extensions.code.startsWith('GRAPHQL_')) {
      message = redactLiterals(message);
      // graphql-js names its token limit; in production no limit is echoed (see query-limits.ts).
      if (production && TOKEN_LIMIT_MESSAGE.test(message)) message = 'Syntax Error: Query validation error.';
    }
    // graphql-js's stack repeats its message, value included.
    if (production || message !== formatted.message) delete extensions.stacktrace;
    delete extensions.http;
    return { ...formatted, message, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
