import { describe, expect, it } from 'vitest';
import { makeFingerprinter, newFingerprintKey, sameFingerprint } from '../../../electron/services/discovery-fingerprint';

describe('keyed fingerprints', () => {
  it('are stable for one key, differ across workspaces, and never contain the secret', () => {
    const key = newFingerprintKey();
    const one = makeFingerprinter(key);
    const other = makeFingerprinter(newFingerprintKey());
    expect(one('ghp_secret123')).toBe(makeFingerprinter(Buffer.from(key))('ghp_secret123'));
    expect(one('ghp_secret123')).not.toBe(other('ghp_secret123'));
    expect(one('ghp_secret123')).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(one('ghp_secret123')).not.toContain('secret');
  });

  it('refuse a short key, and a caller changing its buffer later changes nothing', () => {
    expect(() => makeFingerprinter(Buffer.alloc(16))).toThrow(/at least 32 bytes/);
    const key = Buffer.alloc(32, 1);
    const f = makeFingerprinter(key);
    const before = f('x');
    key.fill(0);
    expect(f('x')).toBe(before);
  });

  it('compare in constant time', () => {
    expect(sameFingerprint('hmac-sha256:ab', 'hmac-sha256:ab')).toBe(true);
    expect(sameFingerprint('hmac-sha256:ab', 'hmac-sha256:ac')).toBe(false);
    expect(sameFingerprint('a', 'ab')).toBe(false);
  });
});
