import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Context, ContextFor } from '../graphql/context';
import type { Database } from '../db/client';
import { formatError, isExpectedError } from '../graphql/errors';
import { type ExecutionOptions, jitGateway } from '../graphql/executor';
import type { Logger } from '../log';
import type { EventBusStats } from '../events/bus';
import { admission } from './admission';
import { recordAdmissionRefused, renderMetrics } from './metrics';
import { queryLimits } from './query-limits';
import { requestLogPlugin } from './request-log';
import { jsonBody } from './json-body';
import { BodyNotUtf8Error, verifyUtf8Body } from './utf8-body';

/** Contract: bodies up to 8 MB are read; larger ones get 413 and the server keeps serving. */
export const BODY_LIMIT = '8mb';

/** Contract (Hostile input, version 2): how long a client may take, and how many operations run at once. */
export interface HttpLimits {
  /** Request headers must arrive within this, else 408 and the connection closes. */
  headersTimeoutMs: number;
  /** The whole request (headers and body) within this, else 408 and the connection closes. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed this long after its last response. */
  keepAliveIdleMs: number;
  /** GraphQL operations that execute at once (MAX_CONCURRENT_OPERATIONS). */
  maxConcurrentOperations: number;
  /** How long an operation may wait for one of them before it is refused with 503. */
  admissionWaitMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveIdleMs: 5_000, maxConcurrentOperations: 32, admissionWaitMs: 2_000,
};

/**
 * Node 20 closes an idle keep-alive connection 1 s after the `keepAliveTimeout`
 * it advertises (`Keep-Alive: timeout=…`), so that a client does not reuse a
 * connection the server is closing: advertise that much less.
 */
const NODE_KEEP_ALIVE_BUFFER_MS = 1_000;

/**
 * Node's timers for slow clients. It checks headers and request timeouts
 * every `connectionsCheckingInterval` (30 s by default, which would let a
 * slowloris connection live up to 40 s instead of 10): check often. On expiry
 * Node answers `408 Request Timeout` with `Connection: close` and closes.
 */
export function serverTimeouts(limits: HttpLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: Math.max(1, limits.keepAliveIdleMs - NODE_KEEP_ALIVE_BUFFER_MS),
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Unexpected errors are logged here with the request id, then masked by formatError. */
const logUnexpectedErrors: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue, operationName }) {
        for (const error of errors) {
          const code = error.extensions?.code;
          if (isExpectedError({ message: error.message, extensions: { code } })) continue;
          // The message and stack are ours or the driver's; variables and tokens are never logged.
          contextValue.log.error({ err: error.originalError ?? error, operationName, path: error.path }, 'unexpected error');
        }
      },
    };
  },
};

export interface ServerOptions {
  schema: GraphQLSchema;
  /** How operations execute (executor.ts); by default on `schema`, compiled on second use. */
  execution?: ExecutionOptions;
  /** Each request's context (identity, tenant db, loaders). */
  contextFor: ContextFor<unknown>;
  /** Routes outside GraphQL, by mount path (the modules' own). */
  routes?: Readonly<Record<string, Router>>;
  production: boolean;
  /** Default: on outside production (config.ts refuses it in production). */
  introspection?: boolean;
  /** Resolves while the database answers. */
  ping: () => Promise<void>;
  /** Pool and outbox figures for /metrics. */
  db: Database;
  /** The event bus's numbers for /metrics (its consumer's backlog). */
  eventStats?: () => Promise<EventBusStats>;
  /** How long stopping waits for in-flight requests (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number;
  /** Default: DEFAULT_HTTP_LIMITS (the contract's). */
  limits?: Partial<HttpLimits>;
  log: Logger;
}

export function createApolloServer(
  schema: GraphQLSchema, production: boolean, log: Logger, plugins: ApolloServerPlugin<Context>[] = [], introspection = !production,
  execution?: ExecutionOptions,
) {
  const limits = queryLimits(production);
  return new ApolloServer<Context>({
    // Our schema, executed by graphql-jit (executor.ts); Apollo takes an executor only from a "gateway".
    gateway: jitGateway(schema, execution),
    logger: log,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // One operation per request: a batch would multiply every limit below by its length.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would stop only itself, then re-raise the signal.
    stopOnTerminationSignals: false,
    introspection,
    includeStacktraceInErrorResponses: !production,
    formatError: (formatted) => formatError(formatted, production),
    // The answer's bytes (json-body.ts says why not one string). Apollo passes them on untouched (an answer
    // is never batched here) and Express sends a Buffer as it is; Apollo's type says string.
    stringifyResult: (result) => jsonBody(result) as unknown as string,
    plugins: [
      requestLogPlugin,
      logUnexpectedErrors,
      // No @cacheControl in this schema; the plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...limits.plugins,
      ...plugins,
    ],
  });
}

export async function createHttpServer(options: ServerOptions): Promise<{ httpServer: Server; apollo: ApolloServer<Context> }> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const app = express();
  const httpServer = createServer(serverTimeouts(limits), app);
  // /health, /ready and /metrics are not admitted through it: they answer however busy GraphQL is.
  const operations = admission({ limit: limits.maxConcurrentOperations, waitMs: limits.admissionWaitMs, onRefused: recordAdmissionRefused });
  let stopping = false;
  const drain = ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 });
  const markStopping: ApolloServerPlugin<Context> = { async serverWillStart() { return { async serverWillStop() { stopping = true; } }; } };
  const apollo = createApolloServer(options.schema, options.production, options.log, [markStopping, drain], options.introspection, options.execution);
  await apollo.start();

  app.disable('x-powered-by');
  // Express would hash every answer (SHA-1 of a dashboard's 150 KB) for an ETag no one revalidates: GraphQL answers POSTs.
  app.set('etag', false);
  app.get('/health', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await renderMetrics(options.db, { admissionQueue: operations.queue, eventStats: options.eventStats }));
  });
  app.get('/ready', async (_req, res) => {
    // A load balancer stops sending new requests here while in-flight ones finish.
    if (stopping) return void res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
    try {
      await options.ping();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database' });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT, verify: verifyUtf8Body(options.schema, queryLimits(options.production).parseOptions) }),
    operations.handler,
    expressMiddleware(apollo, { context: ({ req }) => options.contextFor(req.headers) }),
  );
  for (const [path, router] of Object.entries(options.routes ?? {})) app.use(path, router);

  const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
    if (error instanceof BodyNotUtf8Error) return void res.status(400).json(error.response());
    const status = (error as { status?: number }).status;
    if (status === 413) return void res.status(413).json({ errors: [{ message: 'Request body exceeds 8 MB', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    if (status === 400) return void res.status(400).json({ errors: [{ message: 'Malformed JSON body', extensions: { code: 'BAD_REQUEST' } }] });
    if (status) return void res.status(status).end();
    options.log.error({ err: error }, 'unhandled HTTP error');
    if (res.headersSent) return next(error);
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
  app.use(bodyErrors);
  return { httpServer, apollo };
}
