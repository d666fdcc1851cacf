import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, parse } from 'graphql';
import { jwtVerify } from 'jose';
import { projectRoot } from '../../src/platform/config/project-root';

/**
 * What the reference CL and FA subgraphs share: like every subgraph of the
 * supergraph they verify the caller's JWT themselves (HS256, PM's secret) and
 * answer nothing but `_service` without a valid one.
 */
export interface SubgraphOptions {
  jwtSecret: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface RunningSubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4002/graphql */
  url: string;
  stop(): Promise<void>;
}

export interface Caller { organizationId: string; userId: string }
export interface ReferenceContext { caller: Caller | null; requestId: string | null }

const unauthenticated = (message: string, status?: number) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', ...(status ? { http: { status } } : {}) } });

/** No Authorization header: no caller; a malformed, forged or expired token: UNAUTHENTICATED for the whole request. */
async function callerOf(headers: IncomingHttpHeaders, key: Uint8Array): Promise<Caller | null> {
  if (!headers.authorization) return null;
  const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization)?.[1];
  try {
    if (!token) throw new Error('not a Bearer token');
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
    if (typeof payload.org_id !== 'string' || !payload.sub) throw new Error('no org_id');
    return { organizationId: payload.org_id.toLowerCase(), userId: payload.sub };
  } catch {
    throw unauthenticated('Invalid or expired token', 401);
  }
}

export const requireCaller = (ctx: ReferenceContext): Caller => {
  if (!ctx.caller) throw unauthenticated('Authentication required');
  return ctx.caller;
};

/** Serves `schemaFile` (relative to the project root) with `resolvers` on express, as a subgraph. */
export async function startReferenceSubgraph(
  schemaFile: string, resolvers: object, options: SubgraphOptions, defaultPort: number,
): Promise<RunningSubgraph> {
  const typeDefs = parse(readFileSync(join(projectRoot(), schemaFile), 'utf8'));
  const key = new TextEncoder().encode(options.jwtSecret);
  const app = express();
  const httpServer = createServer(app);
  const apollo = new ApolloServer<ReferenceContext>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }),
    includeStacktraceInErrorResponses: false,
    // No usage reporting here, so no federated traces to send the gateway.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => { res.json({ status: 'ok' }); });
  app.use('/graphql', express.json(), expressMiddleware(apollo, {
    context: async ({ req }) => {
      const requestId = req.headers['x-request-id'];
      return { caller: await callerOf(req.headers, key), requestId: typeof requestId === 'string' ? requestId : null };
    },
  }));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? defaultPort, host, resolve));
  return {
    url: `http://${host}:${(httpServer.address() as AddressInfo).port}/graphql`,
    stop: () => apollo.stop(),
  };
}
