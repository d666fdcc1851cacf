import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** The Debian package's path (.ci/run installs it); NATS_SERVER names another binary. */
export const NATS_SERVER_BIN = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';
const START_TIMEOUT_MS = 15_000;

/**
 * A nats-server with JetStream of test:chaos's own: the machine's server on
 * 4222 is shared, and this one gets killed. Loopback, a free port and a
 * store directory of its own, kept across a restart (so is the port).
 */
export interface OwnNatsServer {
  url: string;
  /** SIGKILL, as in a crash: no flush, no goodbye to clients. */
  kill(): Promise<void>;
  /** Starts it (again) on the same port and store; resolves with the ms until it accepted connections. */
  start(): Promise<number>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

export async function ownNatsServer(): Promise<OwnNatsServer> {
  if (!existsSync(NATS_SERVER_BIN)) {
    throw new Error(`test:chaos restarts a NATS server of its own and needs nats-server at ${NATS_SERVER_BIN}, which is missing: `
      + 'install it (apt-get install nats-server; .ci/run does) or set NATS_SERVER to its path.');
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pm-vbp-chaos-nats-'));
  const logFile = join(dir, 'nats-server.log');
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  // Never outlive this process, however it ends (the signal goes to this child's pid only).
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const logTail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n') : '(no log)');

  const server: OwnNatsServer = {
    url: `nats://127.0.0.1:${port}`,
    async start() {
      const started = Date.now();
      const current = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'store'), '-l', logFile], { stdio: 'ignore' });
      child = current;
      exited = new Promise((resolve) => current.once('exit', resolve));
      while (!(await accepts(port))) {
        if (current.exitCode !== null || current.signalCode !== null || Date.now() - started > START_TIMEOUT_MS) {
          current.kill('SIGKILL');
          throw new Error(`nats-server did not start on 127.0.0.1:${port}; its log ends:\n${logTail()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Date.now() - started;
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited;
    },
    async close() {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
