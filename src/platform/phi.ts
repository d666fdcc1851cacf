import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Keys for PHI (capitation member ids), derived from PHI_ENCRYPTION_KEY: one
 * for pgcrypto's pgp_sym_encrypt at rest, one for the keyed hash that finds a
 * member without decrypting. Neither key nor any member id is ever logged.
 */
export interface PhiKeys {
  /** Passed as a query parameter to pgp_sym_encrypt / pgp_sym_decrypt. */
  readonly encryptionKey: string;
  /** HMAC-SHA256 of a member id, hex. */
  hash(memberId: string): string;
}

const derive = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'pm-vbp-subgraph', purpose, 32));

export function createPhiKeys(secret: string): PhiKeys {
  const encryptionKey = derive(secret, 'member-id-encryption').toString('base64');
  const hashKey = derive(secret, 'member-id-hash');
  return {
    encryptionKey,
    hash: (memberId) => createHmac('sha256', hashKey).update(memberId, 'utf8').digest('hex'),
  };
}

/** pgp_sym_encrypt options: AES-256; the key is random, so skip iterated key stretching (s2k-mode=1, salted). */
export const PGP_OPTIONS = 'cipher-algo=aes256, s2k-mode=1';
