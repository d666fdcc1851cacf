import { type AuthSettings, createTokenVerifier } from '../platform/identity/token';
import type { Config } from '../platform/config/config';
import { type Database, openDatabase } from '../platform/db/client';
import { migrate } from '../platform/db/migrate';
import type { Logger } from '../platform/log';
import { type EventBus, postgresEventBus } from '../platform/events/bus';
import { natsEventBus } from '../platform/events/nats';
import { createOutboxRelay, type OutboxRelay } from '../platform/events/relay';
import { createPhiKeys } from '../platform/phi';
import { createHttpServer, type HttpLimits } from '../platform/http/server';
import { appContext } from './context';
import { seedDemoData } from './demo-seed';
import { modules } from './modules';
import { buildAppSchema } from './schema';
import { startWorkers } from './workers';

export interface ServeOptions {
  db: Database;
  log: Logger;
  auth: AuthSettings;
  phiKey: string;
  publicBaseUrl: string;
  production: boolean;
  introspection?: boolean;
  shutdownGraceMs?: number;
  /** Slow-client timeouts and the admission limit; default the contract's (DEFAULT_HTTP_LIMITS). */
  httpLimits?: Partial<HttpLimits>;
  /** Compile an operation's document on this use of it (executor.ts; default 2). */
  compileAfterUses?: number;
  /** Where events go and come from: PostgreSQL's channels of `db` by default. */
  bus?: EventBus;
  /** The relay to kick after commits; by default one over `db` and `bus` (not started: that is the caller's). */
  outbox?: OutboxRelay;
}

/** The one choice of the event bus: NATS JetStream when NATS_URL is set, else PostgreSQL's channels (in-process on PGlite). */
export function eventBusFor(config: Pick<Config, 'natsUrl'>, db: Database, log: Logger): EventBus {
  return config.natsUrl ? natsEventBus({ url: config.natsUrl, log }) : postgresEventBus(db);
}

/**
 * The schema and HTTP server over a migrated database: the one wiring that
 * `npm start`, the tests and the benchmarks share. `listen` is the caller's.
 */
export async function serveApp(options: ServeOptions) {
  const { db, log } = options;
  const { schema, executableFor } = await buildAppSchema();
  const bus = options.bus ?? postgresEventBus(db);
  const outbox = options.outbox ?? createOutboxRelay(db.prisma, log, { bus });
  const deps = {
    prisma: db.prisma, rawTransaction: db.rawTransaction, verifyToken: createTokenVerifier(options.auth), log, phi: createPhiKeys(options.phiKey), outbox,
    publicBaseUrl: options.publicBaseUrl,
  };
  const contextFor = appContext(deps);
  const routes = Object.fromEntries(modules.flatMap((m) => Object.entries(m.routes ?? {}).map(([path, route]) => [path, route({ contextFor, log })])));
  const { httpServer, apollo } = await createHttpServer({
    schema, execution: { executableFor, compileAfterUses: options.compileAfterUses, textCheckedElsewhere: modules.flatMap((m) => m.textCheckedElsewhere ?? []) }, contextFor, routes, production: options.production, introspection: options.introspection, shutdownGraceMs: options.shutdownGraceMs,
    limits: options.httpLimits, ping: () => db.ping(), db, log, eventStats: () => bus.stats(),
  });
  return {
    httpServer,
    outbox,
    bus,
    /** Stops taking requests and waits for in-flight ones (up to the grace period), then stops the relay; the database and the bus stay open (they are the caller's). */
    async stop() {
      await apollo.stop();
      await outbox.stop();
    },
  };
}

/** Database, migrations, demo data (development), event bus, schema, HTTP server, outbox relay and the modules' workers (the CL listener), wired. */
export async function createApp(config: Config, log: Logger) {
  if (!config.phiKey) throw new Error('PHI_ENCRYPTION_KEY is required');
  const db: Database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, poolSize: config.dbPoolSize });
  const applied = await migrate(db);
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');
  await seedDemoData(db, { production: config.production, enabled: config.seedDemo, phiKey: config.phiKey, log });
  const bus = eventBusFor(config, db, log);
  const served = await serveApp({
    db, log, bus, auth: config.auth, phiKey: config.phiKey, publicBaseUrl: config.publicBaseUrl, production: config.production,
    introspection: config.introspection, shutdownGraceMs: config.shutdownGraceMs,
    httpLimits: { maxConcurrentOperations: config.maxConcurrentOperations },
  });
  // Events committed before a crash or restart are published now (at least once).
  served.outbox.start();
  const workers = await startWorkers(db, log, bus);
  return {
    db,
    httpServer: served.httpServer,
    /** In order: HTTP (in-flight requests finish), relay (a last pass), workers (the event in hand is acked or nak'ed), the bus, then the pool. */
    async stop() {
      await served.stop();
      await workers.stop();
      await bus.close();
      await db.close();
      log.info('stopped');
    },
  };
}
