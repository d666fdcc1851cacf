import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL that a test can cut and restore:
 * an outage as the service sees it (connections reset, then refused) without
 * stopping the server other test files share.
 */
export interface TcpProxy {
  port: number;
  /** Resets every connection and stops listening: new connections are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port (if not listening), and forwards again what `stall` held. */
  restore(): Promise<void>;
  /** Keeps every connection, new ones too, open but forwards nothing: a server that stopped answering. */
  stall(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let stalled = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  let server: Server | undefined;
  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    if (server) return resolve(port);
    const listening = createServer((client) => {
      const upstream = createConnection(targetPort, targetHost);
      track(client);
      track(upstream);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
      // After pipe(), which resumes its source.
      if (stalled) for (const socket of [client, upstream]) socket.pause();
    });
    listening.once('error', reject);
    listening.listen(port, '127.0.0.1', () => {
      server = listening;
      resolve((listening.address() as { port: number }).port);
    });
  });
  const stop = async () => {
    const closing = server ? new Promise((resolve) => server!.close(resolve)) : Promise.resolve();
    server = undefined;
    for (const socket of sockets) socket.resetAndDestroy();
    await closing;
  };
  const port = await listen(0);
  const setStalled = (value: boolean) => {
    stalled = value;
    for (const socket of sockets) (value ? socket.pause() : socket.resume());
  };
  return {
    port,
    cut: stop,
    restore: async () => { setStalled(false); await listen(port); },
    stall: () => setStalled(true),
    close: stop,
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const routed = new URL(url);
  routed.hostname = '127.0.0.1';
  routed.port = String(proxy.port);
  return routed.toString();
}
