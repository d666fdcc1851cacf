import {
  type Attributes, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type TextMapGetter, trace,
} from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME, ATTR_DB_OPERATION_NAME, ATTR_DB_QUERY_SUMMARY, ATTR_DB_RESPONSE_STATUS_CODE, ATTR_DB_SYSTEM_NAME, ATTR_ERROR_TYPE,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import { type SqlSummary, summarizeSql } from './sql-summary';
import { tracer, tracingOn } from './tracing';

/*
 * The three seams that make spans: a GraphQL operation (executor.ts), a SQL
 * statement (the Prisma driver adapters and the pool's raw transactions), an
 * outbound event (the outbox relay). What a span may carry is decided here,
 * once: operation type and name, statement kind and table, event type and id,
 * and error codes. Never variables, statement text or parameters, payloads,
 * tokens, or error messages (a database's message may quote a value).
 */

// Attribute names of the incubating semantic conventions (their package asks
// that they be copied rather than imported, as they may still change).
const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
const ATTR_MESSAGING_SYSTEM = 'messaging.system';
const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
const ATTR_EVENT_TYPE = 'pm.event.type';

/** A client names its operations; a long name is cut (names are [_A-Za-z0-9] only, the parser saw to that). */
const MAX_OPERATION_NAME = 100;

/** A PostgreSQL error's SQLSTATE (node-postgres's `code`, Prisma's driver-adapter error's cause), else the error's class. */
function errorType(error: unknown): { type: string; sqlState?: string } {
  const candidates = [(error as { code?: unknown })?.code, (error as { cause?: { originalCode?: unknown } })?.cause?.originalCode];
  const sqlState = candidates.find((code): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code));
  if (sqlState) return { type: sqlState, sqlState };
  return { type: error instanceof Error && /^[A-Za-z]{1,64}$/.test(error.name) ? error.name : '_OTHER' };
}

function failed(span: Span, type: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute(ATTR_ERROR_TYPE, type);
}

/** Ends `span` when `work` settles; `active`: `work` runs with it as the current span (its children's parent). */
async function around<T>(span: Span, work: () => Promise<T>, active: boolean): Promise<T> {
  try {
    return await (active ? context.with(trace.setSpan(context.active(), span), work) : work());
  } catch (error) {
    const { type, sqlState } = errorType(error);
    if (sqlState) span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, sqlState);
    failed(span, type);
    throw error;
  } finally {
    span.end();
  }
}

/** Statements repeat: each distinct text is summarized once (up to a bound; past it, every time). */
const summaries = new Map<string, SqlSummary>();
const MAX_SUMMARIES = 500;
function summaryOf(sql: string): SqlSummary {
  let summary = summaries.get(sql);
  if (!summary) {
    summary = summarizeSql(sql);
    if (summaries.size < MAX_SUMMARIES) summaries.set(sql, summary);
  }
  return summary;
}

/**
 * One CLIENT span for one SQL statement, named by its kind and table
 * (`SELECT pm_programs`), as a child of the current span. A statement with no
 * span around it (migrations at start, the relay's idle passes), or under one
 * the sampler left out, gets none.
 */
export function sqlSpan<T>(sql: string, work: () => Promise<T>): Promise<T> {
  if (!tracingOn() || !trace.getActiveSpan()?.isRecording()) return work();
  const { operation, table } = summaryOf(sql);
  const name = table ? `${operation} ${table}` : operation;
  const attributes: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL, [ATTR_DB_OPERATION_NAME]: operation, [ATTR_DB_QUERY_SUMMARY]: name,
  };
  if (table) attributes[ATTR_DB_COLLECTION_NAME] = table;
  return around(tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes }), work, false);
}

/** Apollo's request headers (a Fetch-style Headers), read for `traceparent` and `tracestate`. */
interface HeaderReader { get(name: string): string | null; keys(): Iterator<string> }
const headerGetter: TextMapGetter<HeaderReader | undefined> = {
  get: (headers, key) => headers?.get(key) ?? undefined,
  keys: (headers) => (headers ? [...{ [Symbol.iterator]: () => headers.keys() }] : []),
};

/** What the executor knows of an operation: its definition and its HTTP request. */
export interface OperationToTrace {
  operation: { operation: string; name?: { value: string } };
  request: { http?: { headers: HeaderReader } };
}

/**
 * One SERVER span per GraphQL operation, named `query Dashboard` (type and
 * name, as the semantic conventions say), whose parent is the caller's span
 * from its `traceparent` header (the router's); the SQL of its resolvers
 * become its children. Variables and the document are not recorded; an
 * operation with errors is marked failed with its first error's code.
 */
export function tracedOperations<C extends OperationToTrace, R extends { errors?: readonly { extensions?: { code?: unknown } }[] }>(
  execute: (request: C) => Promise<R>,
): (request: C) => Promise<R> {
  return (request) => {
    if (!tracingOn()) return execute(request);
    const caller = propagation.extract(ROOT_CONTEXT, request.request.http?.headers, headerGetter);
    const type = request.operation.operation;
    const operationName = request.operation.name?.value.slice(0, MAX_OPERATION_NAME);
    const attributes: Attributes = { [ATTR_GRAPHQL_OPERATION_TYPE]: type };
    if (operationName) attributes[ATTR_GRAPHQL_OPERATION_NAME] = operationName;
    const span = tracer().startSpan(operationName ? `${type} ${operationName}` : type, { kind: SpanKind.SERVER, attributes }, caller);
    return context.with(trace.setSpan(caller, span), () => around(span, async () => {
      const result = await execute(request);
      if (result.errors?.length) {
        const code = result.errors[0].extensions?.code;
        failed(span, typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : '_OTHER');
      }
      return result;
    }, false));
  };
}

/** One outbox row on its way out: its type and id (never its payload). */
export interface OutboundEvent { eventType: string; id: string }

/**
 * One PRODUCER span per event publication, named `publish <event type>`,
 * current while the bus publishes it (the NOTIFY's statement, the NATS
 * headers carrying its trace context). A root span when no operation is
 * current (the relay's periodic pass).
 */
export function publishSpan<T>(system: 'postgresql' | 'nats', event: OutboundEvent, work: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return work();
  const span = tracer().startSpan(`publish ${event.eventType}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      [ATTR_MESSAGING_SYSTEM]: system, [ATTR_MESSAGING_OPERATION_TYPE]: 'send', [ATTR_MESSAGING_OPERATION_NAME]: 'publish',
      [ATTR_MESSAGING_MESSAGE_ID]: event.id, [ATTR_EVENT_TYPE]: event.eventType,
    },
  });
  return around(span, work, true);
}

/** `traceparent` (and `tracestate`) of the current span, for a message's headers; empty when tracing is off. */
export function traceContextHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (tracingOn()) propagation.inject(context.active(), carrier);
  return carrier;
}
