import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serveApp } from '../../src/app/serve';
import type { HttpLimits } from '../../src/platform/http/server';
import type { AuthSettings } from '../../src/platform/identity/token';
import { createLogger } from '../../src/platform/log';
import type { OutboxRelay } from '../../src/platform/events/relay';
import type { EventBus } from '../../src/platform/events/bus';
import { openTestDatabase, type TestDatabase } from './db';
import { TEST_JWT_SECRET } from './tokens';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

/** PUBLIC_BASE_URL of every test app: the base of the FHIR canonicals it writes. */
export const TEST_PUBLIC_BASE_URL = 'https://pm.example.test';

/** The PHI key of every test app; tests read the raw tables to prove no member id is stored in clear. */
export const TEST_PHI_KEY = 'test-phi-key-for-the-pm-vbp-subgraph-suite-only';

export interface TestApp {
  db: TestDatabase;
  /** The outbox relay of this app: not started periodically; kicked after each reconciliation. */
  outbox: OutboxRelay;
  url: string;
  /** POSTs a GraphQL request over real HTTP, with the token as a Bearer header. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real server (schema, shield, context, formatError) on a fresh test database and an ephemeral port. */
export async function startTestApp(options: {
  production?: boolean; auth?: AuthSettings; logLines?: string[]; outbox?: OutboxRelay; route?: (url: string) => string; bus?: EventBus;
  httpLimits?: Partial<HttpLimits>;
} = {}): Promise<TestApp> {
  const db = await openTestDatabase({ route: options.route });
  const log = options.logLines
    ? createLogger('info', { write: (line: string) => void options.logLines!.push(line) })
    : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const { httpServer, outbox, stop } = await serveApp({
    db, log, auth: options.auth ?? { secret: TEST_JWT_SECRET }, phiKey: TEST_PHI_KEY, publicBaseUrl: TEST_PUBLIC_BASE_URL,
    production: !!options.production, outbox: options.outbox, httpLimits: options.httpLimits, bus: options.bus,
    // Everything the tests send runs as compiled code, as a repeated operation does in service.
    compileAfterUses: 1,
  });
  await new Promise<void>((resolve) => (httpServer as Server).listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    db,
    outbox,
    url,
    async gql(query, variables, token, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { status: response.status, data: body.data, errors: body.errors };
    },
    async close() {
      await stop();
      await db.close();
    },
  };
}

/** The error codes of a response, in order. */
export const codes = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code);
