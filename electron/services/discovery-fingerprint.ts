import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Fingerprinter } from '../../core/discovery';

/**
 * The keyed fingerprint core's discovery parsers are given for every secret they meet. HMAC-SHA-256
 * with a key local to the workspace: the same credential gives the same fingerprint inside one
 * workspace (so "shared across Staging and Production" is found), but a fingerprint is useless to
 * anyone without the key, and a short or guessable secret cannot be confirmed by hashing guesses.
 */
export const FINGERPRINT_KEY_BYTES = 32;

/** A fresh workspace key. The doors store it with the workspace (never in exports) and reuse it on every run. */
export const newFingerprintKey = (): Buffer => randomBytes(FINGERPRINT_KEY_BYTES);

export function makeFingerprinter(key: Buffer): Fingerprinter {
  if (key.length < FINGERPRINT_KEY_BYTES) throw new Error(`The fingerprint key must be at least ${FINGERPRINT_KEY_BYTES} bytes.`);
  // A copy, so a caller that later zeroes or reuses its buffer cannot change the fingerprints.
  const k = Buffer.from(key);
  return (value: string) => `hmac-sha256:${createHmac('sha256', k).update(value, 'utf8').digest('hex').slice(0, 32)}`;
}

/** Constant-time comparison of two fingerprints (a door checking "is this the credential we saw before?"). */
export function sameFingerprint(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
