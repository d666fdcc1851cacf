import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { nextTurn } from '../../src/platform/turns';

/** Keeps the thread busy, as a caller's resolvers and answer do. */
const busyFor = (ms: number) => { const until = performance.now() + ms; while (performance.now() < until); };

describe('nextTurn: one caller per few turns of the event loop', () => {
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

  it('lets the listener accept connections between two callers’ work, several each time, however many wait', async () => {
    // Ten callers ready at once (a round of database answers); the first one's clients connect, eight at once.
    let accepted = 0;
    const onConnection = (socket: Socket) => { accepted++; socket.destroy(); };
    server.on('connection', onConnection);
    const acceptedBefore: number[] = [];
    const callers = Array.from({ length: 10 }, (_, n) => nextTurn().then(() => {
      acceptedBefore.push(accepted);
      if (n === 0) for (let i = 0; i < 8; i++) connect(port, '127.0.0.1').on('error', () => undefined);
      busyFor(5);
    }));
    await Promise.all(callers);
    server.off('connection', onConnection);
    // libuv accepts one connection per turn: with a turn per caller, the eighth would wait for the eighth caller.
    expect(acceptedBefore[0]).toBe(0);
    expect(acceptedBefore[1]).toBeGreaterThanOrEqual(3);
    expect(acceptedBefore[2]).toBe(8);
  });
});
