import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { projectRoot } from '../src/platform/config/project-root';
import { composeSupergraph, SUPERGRAPH_FILE, type SubgraphUrls } from './compose-supergraph';

/**
 * npm run dev:gateway: the supergraph of PM, CL and FA on one endpoint, for
 * local development and the supergraph tests. It stands in for the Apollo
 * Router of router.yaml: a static supergraph (no polling, no introspection of
 * the subgraphs), and every subgraph request carries the caller's
 * Authorization and x-request-id, since each subgraph verifies the JWT itself.
 */
export interface GatewayContext {
  authorization?: string;
  requestId: string;
}

/** PM's rule for a caller's request id (platform/context.ts); anything else gets a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type Fetcher = RemoteGraphQLDataSource['fetcher'];

/** Sees each subgraph request the gateway sends (bench:federation counts PM's `_entities` batches). */
export type SubgraphRequestListener = (serviceName: string, request: { query?: string; variables?: Record<string, unknown> }) => void;

class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(private readonly serviceName: string, url: string, private readonly onRequest?: SubgraphRequestListener) {
    // Node's own fetch: no HTTP cache and no proxy from the environment between the gateway and its subgraphs.
    super({ url, fetcher: fetch as unknown as Fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    this.onRequest?.(this.serviceName, request);
    const headers = request.http?.headers;
    if (!headers) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set('x-request-id', context.requestId);
  }

  /**
   * A subgraph's non-2xx GraphQL answer (PM's 401 without a token) reaches the
   * client as that subgraph's own first error, code and `serviceName`, like its
   * errors in a 200 answer; the default would add the subgraph's URL and raw
   * body in `extensions.response`.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = await this.parseBody(response).catch(() => undefined);
    const first = (body as { errors?: { message?: string; extensions?: { code?: unknown } }[] } | undefined)?.errors?.[0];
    const statusCode = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : undefined;
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : statusCode;
    return new GraphQLError(first?.message ?? `${response.status}: ${response.statusText}`, {
      extensions: { ...(code ? { code } : {}), serviceName: this.serviceName },
    });
  }
}

export interface GatewayOptions {
  /** 4000 by default; 0 picks a free port. */
  port?: number;
  /** All interfaces by default. */
  host?: string;
  /** Composes in memory with these routing URLs (the rest default); without them, supergraph.graphql is served. */
  subgraphUrls?: Partial<SubgraphUrls>;
  onSubgraphRequest?: SubgraphRequestListener;
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql */
  url: string;
  stop(): Promise<void>;
}

function committedSupergraph(): string {
  const path = join(projectRoot(), SUPERGRAPH_FILE);
  if (!existsSync(path)) throw new Error(`${SUPERGRAPH_FILE} is missing: run npm run supergraph`);
  return readFileSync(path, 'utf8');
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const supergraphSdl = options.subgraphUrls ? composeSupergraph(options.subgraphUrls) : committedSupergraph();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new IdentityForwardingDataSource(name, url!, options.onSubgraphRequest),
  });
  const app = express();
  const httpServer = createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // A gateway stack trace says nothing about the subgraph that refused.
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageLocalDefault({ embed: true })],
  });
  await apollo.start();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => { res.json({ status: 'ok' }); });
  app.use('/graphql', express.json({ limit: '8mb' }), expressMiddleware(apollo, {
    context: async ({ req }) => {
      const given = req.headers['x-request-id'];
      return {
        authorization: req.headers.authorization,
        requestId: typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID(),
      };
    },
  }));
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 4000, options.host, resolve));
  const host = !options.host || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${host}:${(httpServer.address() as AddressInfo).port}/graphql`,
    stop: () => apollo.stop(),
  };
}

if (require.main === module) {
  startGateway({ port: process.env.PORT ? Number(process.env.PORT) : 4000 })
    .then(({ url, stop }) => {
      process.stdout.write(`Supergraph gateway: ${url} (PM on 4001: npm start; CL and FA: npm run dev:subgraphs)\n`);
      const shutdown = () => void stop().then(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((error: Error) => {
      process.stderr.write(`dev:gateway: ${error.message}\n`);
      process.exit(1);
    });
}
