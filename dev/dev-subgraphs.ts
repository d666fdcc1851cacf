import { loadConfig } from '../src/platform/config/config';
import { withDevelopmentSecrets } from '../src/platform/config/dev-secrets';
import { startClSubgraph } from './subgraphs/cl/server';
import { startFaSubgraph } from './subgraphs/fa/server';

/**
 * npm run dev:subgraphs: the reference CL (4002) and FA (4003) subgraphs for
 * local development, verifying tokens with PM's HS256 secret (AUTH_JWT_SECRET,
 * or the development secret under DATA_DIR that `npm start` uses).
 */
async function main() {
  const { auth } = withDevelopmentSecrets(loadConfig());
  if (!auth.secret) throw new Error('the reference subgraphs verify HS256 tokens: set AUTH_JWT_SECRET (AUTH_JWKS_URL is not supported here)');
  const cl = await startClSubgraph({ jwtSecret: auth.secret, port: 4002 });
  const fa = await startFaSubgraph({ jwtSecret: auth.secret, port: 4003 });
  process.stdout.write(`CL subgraph: ${cl.url}\nFA subgraph: ${fa.url}\n`);
  const shutdown = () => void Promise.all([cl.stop(), fa.stop()]).then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: Error) => {
  process.stderr.write(`dev:subgraphs: ${error.message}\n`);
  process.exit(1);
});
