import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { nextTurn } from '../../src/platform/turns';

/** Keeps the thread busy, as a caller's resolvers and answer do. */
const busyFor = (ms: number) => { const until = performance.now() + ms; while (performance.now() < until); };

describe('nextTurn: one caller per turn of the event loop', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hands turns out in the order they were asked for', async () => {
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((n) => nextTurn().then(() => order.push(n))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets the listener accept a connection between two callers’ work, however many wait', async () => {
    // Ten callers ready at once (a round of database answers); the first one's client connects.
    let done = 0;
    const acceptedAfter = new Promise<number>((resolve) => server.once('connection', (socket) => { resolve(done); socket.destroy(); }));
    const callers = Array.from({ length: 10 }, (_, n) => nextTurn().then(() => {
      if (n === 0) connect(port, '127.0.0.1').on('error', () => undefined);
      busyFor(5);
      done++;
    }));
    await Promise.all(callers);
    // Accepted in the turn after the first caller's, not after all ten (libuv accepts once per turn).
    expect(await acceptedAfter).toBeLessThanOrEqual(2);
  });
});
