import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { projectRoot } from '../../src/platform/config/project-root';

/**
 * PostGraphile and its packages want Node 22, so they are not the service's:
 * bench/peers is a package of its own (package.json, package-lock.json),
 * installed into bench/peers/node_modules by the first `npm run bench:peers`
 * and again whenever its lock changes. npm runs on the Node 22 of node22.ts
 * (first on PATH, which npm's `#!/usr/bin/env node` picks), so it checks
 * their engines against 22 and warns of none.
 */
export const PEERS_DIR = join(projectRoot(__dirname), 'bench', 'peers');
/** The lock's hash as of the last install: when it differs from the lock's, npm ci runs again. */
const INSTALLED_LOCK = join(PEERS_DIR, 'node_modules', '.installed-lock-sha256');

/** `require` resolving from bench/peers/node_modules, not the service's node_modules. */
export const peerRequire = createRequire(join(PEERS_DIR, 'package.json'));

export function installPeerPackages(node22: string): void {
  const lock = createHash('sha256').update(readFileSync(join(PEERS_DIR, 'package-lock.json'))).digest('hex');
  if (existsSync(INSTALLED_LOCK) && readFileSync(INSTALLED_LOCK, 'utf8') === lock) return;
  process.stderr.write(`bench:peers: installing the peers' packages into ${join(PEERS_DIR, 'node_modules')} (npm ci on Node 22)\n`);
  // Without the npm_* variables `npm run` sets: npm_config_local_prefix would point this npm at the service's package.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: PEERS_DIR,
    env: { ...env, PATH: `${dirname(node22)}${delimiter}${process.env.PATH ?? ''}` },
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  writeFileSync(INSTALLED_LOCK, lock);
}
