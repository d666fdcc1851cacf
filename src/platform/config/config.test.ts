import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { withDevelopmentSecrets } from './dev-secrets';

const SECRET = 'a'.repeat(32);

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      production: false, port: 4001, pgliteDir: './.data/pglite', publicBaseUrl: 'http://localhost:4001', databaseUrl: undefined,
      introspection: true, dbPoolSize: 10, shutdownGraceMs: 10_000, maxConcurrentOperations: 32, seedDemo: true,
    });
    expect(loadConfig({ MAX_CONCURRENT_OPERATIONS: '4' }).maxConcurrentOperations).toBe(4);
  });

  it.each([
    [{ NODE_ENV: 'production', PHI_ENCRYPTION_KEY: SECRET }, /without AUTH_JWT_SECRET or AUTH_JWKS_URL/],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET }, /without PHI_ENCRYPTION_KEY/],
    [{ PORT: 'eighty' }, /^Invalid environment variable PORT/],
    [{ DATABASE_URL: 'not a url' }, /^Invalid environment variable DATABASE_URL/],
    [{ AUTH_JWT_SECRET: 'short' }, /^Invalid environment variable AUTH_JWT_SECRET: must be at least 32/],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, PHI_ENCRYPTION_KEY: SECRET, GRAPHQL_INTROSPECTION: 'true' }, /production with GRAPHQL_INTROSPECTION=true/],
    [{ NODE_ENV: 'staging' }, /^Invalid environment variable NODE_ENV/],
    [{ GRAPHQL_INTROSPECTION: 'yes' }, /^Invalid environment variable GRAPHQL_INTROSPECTION/],
    [{ DB_POOL_SIZE: '0' }, /^Invalid environment variable DB_POOL_SIZE/],
    [{ SHUTDOWN_GRACE_MS: '-1' }, /^Invalid environment variable SHUTDOWN_GRACE_MS/],
    [{ MAX_CONCURRENT_OPERATIONS: '0' }, /^Invalid environment variable MAX_CONCURRENT_OPERATIONS/],
    [{ MAX_CONCURRENT_OPERATIONS: 'many' }, /^Invalid environment variable MAX_CONCURRENT_OPERATIONS/],
    [{ LOG_LEVEL: 'verbose' }, /^Invalid environment variable LOG_LEVEL/],
    [{ SEED_DEMO: 'no' }, /^Invalid environment variable SEED_DEMO/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^Invalid environment variable OTEL_EXPORTER_OTLP_ENDPOINT/],
  ])('%p is refused with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a bad value', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'hunter2' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });

  it('starts in production with both keys, introspection off', () => {
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, PHI_ENCRYPTION_KEY: SECRET })).toMatchObject({ production: true, introspection: false });
  });

  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
  ])('traces are exported with %p: %p', (env, tracing) => {
    expect(loadConfig(env).tracing).toBe(tracing);
  });

  it('lets development turn introspection off', () => {
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
  });
});

describe('development secrets', () => {
  it('are generated once under the data directory with mode 0600 and reused', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-vbp-secrets-'));
    const first = withDevelopmentSecrets(loadConfig({ DATA_DIR: dataDir }));
    const second = withDevelopmentSecrets(loadConfig({ DATA_DIR: dataDir }));
    expect(first.auth.secret).toHaveLength(64);
    expect(second.auth.secret).toBe(first.auth.secret);
    expect(second.phiKey).toBe(first.phiKey);
    expect(first.phiKey).not.toBe(first.auth.secret);
    for (const file of ['jwt-secret', 'phi-key']) {
      expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dataDir, file), 'utf8').trim()).toBe(file === 'jwt-secret' ? first.auth.secret : first.phiKey);
    }
  });

  it('are not generated when given', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-vbp-secrets-'));
    const config = withDevelopmentSecrets(loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: SECRET, PHI_ENCRYPTION_KEY: SECRET }));
    expect(config.auth.secret).toBe(SECRET);
    expect(config.phiKey).toBe(SECRET);
  });
});
