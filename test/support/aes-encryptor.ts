import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Encryptor } from '../../electron/main/team-connection/token-store';

/**
 * A real encryptor for Node tests, standing in for Electron's safeStorage (which needs the OS
 * keychain): AES-256-GCM with a random key per instance, output `iv | tag | ciphertext`.
 * `available: false` behaves like a machine without a keychain.
 */
export function aesEncryptor(opts: { available?: boolean } = {}): Encryptor {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
