import type { Router } from 'express';
import type { Database } from './db/client';
import type { TenantDb } from './db/tenant';
import type { EventBus } from './events/bus';
import type { ContextFor, LoadersOf } from './graphql/context';
import type { PermissionMap, Rule } from './identity/rules';
import type { Logger } from './log';
import type { PhiKeys } from './phi';

/** Resolvers as graphql-tools merges them: type name to field name to resolver. */
export type ResolverMap = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** A module's rules: its Query and Mutation fields, and its own types. */
export interface ModulePermissions {
  Query?: Readonly<Record<string, Rule>>;
  Mutation?: Readonly<Record<string, Rule>>;
  types?: PermissionMap;
}

/** A background task the app starts after the server and stops before the pool closes. */
export interface Worker { stop(): Promise<void> }
/** `bus` carries incoming events (PostgreSQL channels or NATS JetStream, as app/ chose). */
export interface WorkerDeps { db: Database; log: Logger; bus: EventBus }

/**
 * What a module's demo seed gets: the demo organization's tenant db (RLS applies), as a request would; every
 * module's seed runs in one transaction through it (app/demo-seed.ts), so a seed's `run`s must not overlap.
 */
export interface SeedDeps { db: TenantDb; phi: PhiKeys; log: Logger; userId: string }

export interface RouteDeps<L> { contextFor: ContextFor<L>; log: Logger }

/**
 * What a domain module gives the app (app/modules.ts), and all it gives:
 * the platform assembles these and imports no module.
 */
export interface AppModule<L = unknown> {
  name: string;
  /** TypeGraphQL resolver classes. */
  resolvers: readonly Function[];
  /** Types reachable only through federation (no field returns them). */
  orphanedTypes?: readonly Function[];
  /** `__resolveReference` per entity, batched through the loaders. */
  references?: ResolverMap;
  /** Fields computed from their row alone: the one way to resolve a computed field (declared on the object types). */
  fields?: ResolverMap;
  permissions: ModulePermissions;
  /** The module's per-request loaders (they join the request's `ctx.loaders`). */
  loaders?: LoadersOf<L>;
  /** HTTP routes outside GraphQL, by mount path. */
  routes?: Readonly<Record<string, (deps: RouteDeps<L>) => Router>>;
  workers?: readonly ((deps: WorkerDeps) => Promise<Worker>)[];
  /**
   * Schema coordinates (`Mutation.importRosterCsv(csv:)`, `SomeInput.payload`) whose text the module checks
   * itself with domain/text, because the contract answers there otherwise than the GraphQL text boundary does.
   */
  textCheckedElsewhere?: readonly string[];
  /**
   * Demo data for a new development database, through the module's own
   * services; app/demo-seed.ts decides when, and calls the modules in list order.
   */
  seed?: (deps: SeedDeps) => Promise<void>;
}
