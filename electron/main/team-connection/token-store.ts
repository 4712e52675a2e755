import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Where the team session survives a restart (issue 14 §6): `<userData>/team-session.json`, with
 * the session token sealed by the OS keychain (Electron's `safeStorage`, passed in as an
 * `Encryptor` so Node tests use a real AES-GCM key instead). The server address and email are
 * kept in clear (they are shown before sign-in); the token never is, and it is never logged.
 * Without OS encryption nothing is written: the session lasts until the app quits.
 */
export type Encryptor = {
  isEncryptionAvailable: () => boolean;
  encryptString: (plain: string) => Buffer;
  decryptString: (sealed: Buffer) => string;
};

export type StoredSession = { origin: string; email: string; token: string };

const FileShape = z.object({
  version: z.literal(1),
  origin: z.string().max(300),
  email: z.string().max(320),
  sealedToken: z.string().max(10_000),
});

export type TokenStore = {
  /** Keeps the session; false (and nothing written) when the OS offers no encryption. */
  save: (s: StoredSession) => boolean;
  /** The kept session, or null (none, unreadable, or sealed by another OS account or machine). */
  load: () => StoredSession | null;
  clear: () => void;
  readonly available: boolean;
};

export function createTokenStore(file: string, encryptor: Encryptor): TokenStore {
  const available = (): boolean => {
    try {
      return encryptor.isEncryptionAvailable();
    } catch {
      return false;
    }
  };
  return {
    get available() {
      return available();
    },
    save(s) {
      if (!available()) {
        rmSync(file, { force: true });
        return false;
      }
      const body = { version: 1, origin: s.origin, email: s.email, sealedToken: encryptor.encryptString(s.token).toString('base64') };
      // Written next to the target and renamed: a crash leaves the old file or the new one, never half of one.
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
      renameSync(tmp, file);
      return true;
    },
    load() {
      if (!existsSync(file) || !available()) return null;
      try {
        const parsed = FileShape.parse(JSON.parse(readFileSync(file, 'utf8')));
        const token = encryptor.decryptString(Buffer.from(parsed.sealedToken, 'base64'));
        return /^[A-Za-z0-9_-]{20,200}$/.test(token) ? { origin: parsed.origin, email: parsed.email, token } : null;
      } catch {
        return null; // another machine's keychain, or a damaged file: sign in again (the file is replaced then)
      }
    },
    clear() {
      rmSync(file, { force: true });
    },
  };
}
