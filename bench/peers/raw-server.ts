import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';
import { isUuid } from '../../src/domain/uuid';

/**
 * The raw peer: node:http, a pg Pool, no GraphQL. It answers the dashboard
 * query's shape for any POST to /graphql, with the body read but not parsed:
 * the lower bound of what serving this one query can cost. It verifies the
 * token as ours does (HS256, exp required, a uuid org_id) and leaves
 * isolation to RLS, in one statement (see raw-dashboard-function.ts).
 * Run as a child of run.ts: BENCH_DATABASE_URL, BENCH_JWT_SECRET; IPC `ready`.
 */
const PAGE_SIZE = 50;
const key = new TextEncoder().encode(process.env.BENCH_JWT_SECRET);
// The same pool size as ours (db/client.ts) and PostGraphile's (pg's default).
const pool = new Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
pool.on('error', () => undefined);

async function organizationOf(request: IncomingMessage): Promise<string | null> {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp'] });
    return isUuid(payload.org_id) ? payload.org_id.toLowerCase() : null;
  } catch {
    return null;
  }
}

const send = (response: ServerResponse, status: number, body: string) =>
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);

async function answer(request: IncomingMessage, response: ServerResponse) {
  for await (const chunk of request) void chunk; // read, as a GraphQL server would, before answering
  if (request.method !== 'POST' || request.url !== '/graphql') return send(response, 404, '{"errors":[{"message":"Not found"}]}');
  const orgId = await organizationOf(request);
  if (!orgId) return send(response, 401, '{"errors":[{"message":"Invalid or expired token"}]}');
  const { rows: [row] } = await pool.query<{ body: string }>('SELECT peer_raw.dashboard($1, $2) AS body', [orgId, PAGE_SIZE]);
  send(response, 200, row.body);
}

const server = createServer((request, response) => {
  answer(request, response).catch(() => send(response, 500, '{"errors":[{"message":"Internal server error"}]}'));
});
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
