import { z } from 'zod';

/** Every environment variable the service reads, validated once at start. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4001),
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().min(1).default('./.data/pglite'),
  DATA_DIR: z.string().min(1).default('./.data'),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  PHI_ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Default: on outside production. Production refuses `true`: the schema is not for strangers to map. */
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** How long SIGTERM waits for in-flight requests before cutting them (their transactions roll back). */
  /** Set: events travel on NATS JetStream (both directions); unset: PostgreSQL's channels. */
  NATS_URL: z.string().regex(/^(nats|tls):\/\/[^\s]+$/, 'must be a nats:// or tls:// URL').optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** GraphQL operations that execute at once; one that cannot start within 2 s gets 503 (contract: Hostile input). */
  MAX_CONCURRENT_OPERATIONS: z.coerce.number().int().min(1).max(10_000).default(32),
  /** Default: on outside production, which never seeds. */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  /** Either set: traces are exported by OTLP (platform/telemetry); neither: no tracing SDK is loaded. The exporter reads them itself. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL').optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL').optional(),
  /** The OpenTelemetry switch: true turns tracing off whatever else is set. */
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  production: boolean;
  port: number;
  databaseUrl?: string;
  pgliteDir: string;
  dataDir: string;
  auth: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  phiKey?: string;
  publicBaseUrl: string;
  logLevel: Env['LOG_LEVEL'];
  introspection: boolean;
  dbPoolSize: number;
  shutdownGraceMs: number;
  maxConcurrentOperations: number;
  /** Fill the empty demo organization on start (app/demo-seed.ts); never in production. */
  seedDemo: boolean;
  natsUrl?: string;
  /** Export traces by OTLP: an endpoint is set and OTEL_SDK_DISABLED is not true. */
  tracing: boolean;
}

export class ConfigError extends Error {}

/** Reads the environment; a bad variable is named in the message, its value never is. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  if (production && !env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL) {
    throw new ConfigError('Refusing to start in production without AUTH_JWT_SECRET or AUTH_JWKS_URL');
  }
  if (production && !env.PHI_ENCRYPTION_KEY) {
    throw new ConfigError('Refusing to start in production without PHI_ENCRYPTION_KEY');
  }
  if (production && env.GRAPHQL_INTROSPECTION === 'true') {
    throw new ConfigError('Refusing to start in production with GRAPHQL_INTROSPECTION=true');
  }
  return {
    production,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DIR,
    dataDir: env.DATA_DIR,
    auth: { secret: env.AUTH_JWT_SECRET, jwksUrl: env.AUTH_JWKS_URL, issuer: env.AUTH_JWT_ISSUER, audience: env.AUTH_JWT_AUDIENCE },
    phiKey: env.PHI_ENCRYPTION_KEY,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
    logLevel: env.LOG_LEVEL,
    introspection: env.GRAPHQL_INTROSPECTION ? env.GRAPHQL_INTROSPECTION === 'true' : !production,
    dbPoolSize: env.DB_POOL_SIZE,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    maxConcurrentOperations: env.MAX_CONCURRENT_OPERATIONS,
    seedDemo: !production && env.SEED_DEMO !== 'false',
    natsUrl: env.NATS_URL,
    tracing: !!(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_SDK_DISABLED !== 'true',
  };
}
