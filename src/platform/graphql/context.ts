import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Auth, TokenVerifier } from '../identity/token';
import type { Prisma } from '../db/client';
import type { RawTransaction } from '../db/pool-transaction';
import { type TenantDb, tenantDb } from '../db/tenant';
import { unauthenticated } from './errors';
import type { Logger } from '../log';
import type { PhiKeys } from '../phi';

/** What publishes committed outbox events (events/relay.ts). */
export interface OutboxKick { kick(): void }

export interface AppDeps {
  prisma: Prisma;
  /** The database's transactions past Prisma, where it has them (Database.rawTransaction). */
  rawTransaction?: RawTransaction;
  verifyToken: TokenVerifier;
  log: Logger;
  phi: PhiKeys;
  outbox: OutboxKick;
  /** PUBLIC_BASE_URL (config.publicBaseUrl): the base of the FHIR canonicals and fullUrls we write. */
  publicBaseUrl: string;
}

/**
 * Everything a resolver may use; built fresh for every request, so no cache
 * crosses callers. `L` is the request's loaders: each module names the ones
 * it uses (its own, or another module's public ones), app/context.ts builds them all.
 */
export interface Context<L = unknown> {
  requestId: string;
  auth: Auth | null;
  /** The caller's organization's view of the database (see db/tenant.ts). */
  db: TenantDb;
  loaders: L;
  log: Logger;
  phi: PhiKeys;
  outbox: OutboxKick;
  publicBaseUrl: string;
}

/** What a module's loaders are built from, per request. */
export interface LoaderDeps { db: TenantDb; auth: Auth | null; phi: PhiKeys }
export type LoadersOf<L> = (deps: LoaderDeps) => L;

/** Without a token only `_service` passes the field guard; this db is never reached then. */
const noTenant: TenantDb = {
  orgId: '',
  run: () => Promise.reject(unauthenticated()),
  read: () => Promise.reject(unauthenticated()),
};

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('Authorization must be a Bearer token');
  return match[1];
}

/** Identity is checked once, here: no token gives `auth: null`, a bad one is UNAUTHENTICATED. */
export async function createContext<L>(deps: AppDeps, loadersOf: LoadersOf<L>, headers: IncomingHttpHeaders): Promise<Context<L>> {
  const given = headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  const token = bearerToken(headers);
  const auth = token ? await deps.verifyToken(token) : null;
  const db = auth ? tenantDb(deps.prisma, auth.orgId, deps.rawTransaction) : noTenant;
  return {
    requestId, auth, db, loaders: loadersOf({ db, auth, phi: deps.phi }), log: deps.log.child({ requestId, orgId: auth?.orgId }),
    phi: deps.phi, outbox: deps.outbox, publicBaseUrl: deps.publicBaseUrl,
  };
}

/** How a route outside GraphQL (the FHIR REST export) gets the same context a GraphQL request would. */
export type ContextFor<L> = (headers: IncomingHttpHeaders) => Promise<Context<L>>;
