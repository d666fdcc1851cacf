import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../graphql/context';
import { operationLabel, recordGraphqlRequest } from './metrics';

/**
 * One structured log line and one metric sample per GraphQL request: operation
 * name, outcome, duration, and (through the context's child logger) request id
 * and organization. Never the query text, variables or headers: they may hold
 * a token or a member id.
 */
export const requestLogPlugin: ApolloServerPlugin<Context> = {
  // A bad token fails before the request pipeline (and its hooks below) starts.
  async contextCreationDidFail({ error }) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    recordGraphqlRequest('unknown', typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR', 0);
  },
  async requestDidStart() {
    const started = process.hrtime.bigint();
    return {
      async willSendResponse({ contextValue, operationName, request, errors, response }) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const code = errors?.[0]?.extensions?.code;
        const outcome = errors?.length ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : 'ok';
        const operation = operationLabel(operationName ?? request.operationName);
        recordGraphqlRequest(operation, outcome, seconds);
        const status = response.http.status ?? 200;
        contextValue.log?.info({ operation, outcome, status, durationMs: Math.round(seconds * 10_000) / 10 }, 'graphql request');
      },
    };
  },
};
