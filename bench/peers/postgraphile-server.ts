import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { isUuid } from '../../src/domain/uuid';
import { PEER_ROLE } from './peer-schema';
import { peerRequire } from './peer-packages';

/**
 * The PostGraphile v5 peer, as a user would run it in production: the amber
 * preset over schema `peer`, grafserv on node:http, no GraphiQL, no explain,
 * no watch. PostGraphile v5 does not verify JWTs itself, so the context
 * callback verifies the token as ours does (HS256, exp required, a uuid
 * org_id) and hands PostgreSQL the role and organization as pgSettings
 * (transaction-local set_config; RLS does the rest).
 *
 * Runs under Node 22 (PostGraphile 5 needs it) as a child of run.ts:
 * BENCH_DATABASE_URL, BENCH_JWT_SECRET; IPC `ready`. BENCH_PRINT_SCHEMA=1
 * prints the schema instead of serving.
 */

// PostGraphile's packages come from bench/peers' own package (peer-packages.ts), not the service's.
// Types stay local: PostGraphile's own declarations need Node 22 types and
// export maps that this project's TypeScript settings (node10 resolution) do not read.
interface PostGraphileInstance {
  createServ(grafserv: unknown): { addTo(server: ReturnType<typeof createServer>): Promise<void> };
  getSchema(): Promise<unknown>;
}
const { postgraphile } = peerRequire('postgraphile') as { postgraphile(preset: object): PostGraphileInstance };
const { PostGraphileAmberPreset } = peerRequire('postgraphile/presets/amber') as { PostGraphileAmberPreset: object };
const { makePgService } = peerRequire('postgraphile/adaptors/pg') as { makePgService(options: object): object };
const { grafserv } = peerRequire('postgraphile/grafserv/node') as { grafserv: unknown };

interface RequestContext { http?: { getHeader(name: string): string | undefined } }

const key = new TextEncoder().encode(process.env.BENCH_JWT_SECRET);

async function pgSettingsOf(requestContext: RequestContext) {
  const token = /^Bearer (.+)$/.exec(requestContext.http?.getHeader('authorization') ?? '')?.[1];
  if (!token) throw new Error('Invalid or expired token');
  let orgId: unknown;
  try {
    ({ payload: { org_id: orgId } } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp'] }));
  } catch {
    throw new Error('Invalid or expired token');
  }
  if (!isUuid(orgId)) throw new Error('Invalid or expired token');
  return { role: PEER_ROLE, 'jwt.claims.org_id': orgId.toLowerCase() };
}

const preset = {
  extends: [PostGraphileAmberPreset],
  // pg's default pool size, the same as ours and the raw peer's.
  pgServices: [makePgService({ connectionString: process.env.BENCH_DATABASE_URL, schemas: ['peer'], poolConfig: { max: 10 } })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: {
    explain: false,
    context: async (requestContext: RequestContext) => ({ pgSettings: await pgSettingsOf(requestContext) }),
  },
};

async function main() {
  const pgl = postgraphile(preset);
  if (process.env.BENCH_PRINT_SCHEMA) {
    const { printSchema } = peerRequire('postgraphile/graphql') as { printSchema(schema: unknown): string };
    process.stdout.write(`${printSchema(await pgl.getSchema())}\n`);
    process.exit(0);
  }
  const server = createServer();
  await pgl.createServ(grafserv).addTo(server);
  server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
}

main().catch((error) => {
  process.stderr.write(`postgraphile-server: ${(error as Error).stack}\n`);
  process.exit(1);
});
