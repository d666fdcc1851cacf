import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config';

/**
 * Development only: a secret that is missing from the environment is generated
 * once and kept under the data directory (mode 0600), so a restart still
 * verifies old tokens and can still decrypt what was encrypted.
 */
export function readOrCreateSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

/** Fills in the development secrets; production was refused earlier by loadConfig. */
export function withDevelopmentSecrets(config: Config): Config {
  if (config.production) return config;
  const auth = config.auth.secret || config.auth.jwksUrl
    ? config.auth
    : { ...config.auth, secret: readOrCreateSecret(config.dataDir, 'jwt-secret') };
  const phiKey = config.phiKey ?? readOrCreateSecret(config.dataDir, 'phi-key');
  return { ...config, auth, phiKey };
}
