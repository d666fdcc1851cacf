import 'reflect-metadata';
import { createApp } from './app/serve';
import { ConfigError, loadConfig } from './platform/config/config';
import { withDevelopmentSecrets } from './platform/config/dev-secrets';
import { DEMO_ORG_ID, developmentToken } from './platform/identity/dev-token';
import { createLogger } from './platform/log';
import { startTracing } from './platform/telemetry/tracing';

async function main() {
  let config;
  try {
    config = withDevelopmentSecrets(loadConfig());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  // Only with an OTLP endpoint; without one the SDK is not loaded and spans cost nothing.
  const tracing = await startTracing(config.tracing, { log });
  if (tracing) log.info('traces exported by OTLP');
  const app = await createApp(config, log);
  await new Promise<void>((resolve) => app.httpServer.listen(config.port, resolve));
  log.info({ port: config.port, database: app.db.kind }, 'ready');

  if (!config.production && config.auth.secret) {
    // Standard output, never the logger: a token is a credential.
    const token = await developmentToken(config.auth.secret);
    process.stdout.write(`\nGraphQL: http://localhost:${config.port}/graphql  (Apollo Sandbox in a browser)\n`
      + `Development token (org_admin of demo organization ${DEMO_ORG_ID}, 12 h):\n  Authorization: Bearer ${token}\n`
      + 'Another one: npm run dev:token -- --org <uuid> --role <org_admin|site_admin|staff|service>\n\n');
  }

  // SIGTERM (a deploy) or SIGINT: stop taking requests, let in-flight ones finish within
  // SHUTDOWN_GRACE_MS, stop the relay and the CL listener, close the pool. A second signal,
  // or a stop that outlives the grace period by 10 s, exits at once: unfinished transactions roll back.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 10_000).unref();
    // The last spans (the requests that just finished) are exported before exiting.
    app.stop().then(() => tracing?.shutdown()).then(() => process.exit(0), (error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
