import { connect } from 'node:net';
import { DEFAULT_HTTP_LIMITS, serverTimeouts } from '../../src/platform/http/server';
import { startTestApp, type TestApp } from '../helpers/server';

/*
 * Contract, Hostile input (version 2): headers within 10 s, the body within
 * 30 s, else 408 and the connection closes; idle keep-alive connections close
 * after 5 s. The same rules, on short timeouts, over raw sockets.
 */
const LIMITS = { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveIdleMs: 1_500 };
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ httpLimits: LIMITS }); });
afterAll(async () => { await app.close(); });

/** Writes each chunk after its delay; resolves with what the server sent and when it closed the connection. */
function converse(chunks: [string, number][]): Promise<{ received: string; closedAfterMs: number }> {
  const { port, hostname } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let received = '';
    const socket = connect(Number(port), hostname, async () => {
      for (const [text, delay] of chunks) {
        await new Promise((r) => setTimeout(r, delay));
        if (!socket.destroyed) socket.write(text);
      }
    });
    socket.on('data', (data) => { received += data.toString('latin1'); });
    socket.on('error', reject);
    socket.on('close', () => resolve({ received, closedAfterMs: performance.now() - started }));
  });
}

const REQUEST_TIMEOUT = /^HTTP\/1\.1 408 Request Timeout\r\nConnection: close\r\n/;
const graphqlHead = (length: number) =>
  `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

it('the defaults are the contract\'s (10 s headers, 30 s request, 5 s idle) and are checked every second', () => {
  expect(DEFAULT_HTTP_LIMITS).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveIdleMs: 5_000, maxConcurrentOperations: 32, admissionWaitMs: 2_000 });
  // Node 20 closes an idle connection 1 s after the keep-alive timeout it advertises.
  expect(serverTimeouts(DEFAULT_HTTP_LIMITS)).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 4_000, connectionsCheckingInterval: 1_000 });
});

it('a connection that sends nothing gets 408 and is closed once the headers time out', async () => {
  const { received, closedAfterMs } = await converse([]);
  expect(received).toMatch(REQUEST_TIMEOUT);
  expect(closedAfterMs).toBeGreaterThanOrEqual(350);
  expect(closedAfterMs).toBeLessThan(1_500);
});

it('headers trickled slowly (slowloris) get 408 and the connection is closed', async () => {
  const trickle: [string, number][] = [['POST /graphql HTTP/1.1\r\nHost: x\r\n', 0], ...Array.from({ length: 10 }, (_, i): [string, number] => [`X-Slow-${i}: 1\r\n`, 150])];
  const { received, closedAfterMs } = await converse(trickle);
  expect(received).toMatch(REQUEST_TIMEOUT);
  expect(closedAfterMs).toBeLessThan(1_500);
});

it('a body that does not arrive in time gets 408 and the connection is closed, nothing executed', async () => {
  const body = JSON.stringify({ query: '{ __typename }' });
  const { received, closedAfterMs } = await converse([[graphqlHead(body.length) + body.slice(0, 5), 0], [body.slice(5, 10), 300]]);
  expect(received).toMatch(REQUEST_TIMEOUT);
  expect(received).not.toContain('__typename');
  expect(closedAfterMs).toBeGreaterThanOrEqual(750);
  expect(closedAfterMs).toBeLessThan(2_000);
});

it('a request sent in time is answered, and the idle keep-alive connection is closed after keepAliveIdleMs', async () => {
  const body = JSON.stringify({ query: '{ __typename }' });
  const { received, closedAfterMs } = await converse([[graphqlHead(body.length) + body, 0]]);
  expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(received).toContain('"data":{"__typename":"Query"}');
  expect(received).not.toContain('408');
  expect(closedAfterMs).toBeGreaterThanOrEqual(1_300);
  expect(closedAfterMs).toBeLessThan(2_500);
});

it('a second request on a kept-alive connection whose body stalls gets 408 too', async () => {
  const body = JSON.stringify({ query: '{ __typename }' });
  const { received } = await converse([[graphqlHead(body.length) + body, 0], [graphqlHead(body.length) + body.slice(0, 3), 100]]);
  expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(received).toMatch(/HTTP\/1\.1 408 Request Timeout\r\nConnection: close\r\n\r\n$/);
});
