import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../core/common/errors';

/**
 * One Ed25519 signing key per workspace, kept in `<dataDir>/keys/<workspaceId>.ed25519.pem`
 * (PKCS#8 PEM, mode 0600, folder 0700): outside the workspace folder, so no export, backup or pack
 * ever carries it. Only its public half and fingerprint leave the machine.
 */
export type SigningKey = { privateKey: KeyObject; publicKeyPem: string; fingerprint: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
export const keyFileFor = (dataDir: string, workspaceId: string): string => {
  if (!ID.test(workspaceId)) throw new AppError('NOT_FOUND', 'No such workspace.');
  return join(dataDir, 'keys', `${workspaceId}.ed25519.pem`);
};

/** "sha256:" + hex SHA-256 of the public key's DER (SubjectPublicKeyInfo): what a person compares. */
export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

function load(keyFile: string): SigningKey {
  const privateKey = createPrivateKey(readFileSync(keyFile, 'utf8'));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AppError('INTERNAL', `The signing key ${keyFile} is not an Ed25519 key.`);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem, fingerprint: fingerprintOf(publicKeyPem) };
}

/** The workspace's key, created on first use. Creation is exclusive (O_EXCL): two processes never make two keys. */
export function signingKeyFor(dataDir: string, workspaceId: string): SigningKey {
  const file = keyFileFor(dataDir, workspaceId);
  if (existsSync(file)) return load(file);
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return load(file);
    throw err;
  }
  try {
    writeSync(fd, pem);
  } finally {
    closeSync(fd);
  }
  chmodSync(file, 0o600); // the umask may have widened nothing, but make the mode explicit
  return load(file);
}

export const signBytes = (key: SigningKey, bytes: Buffer): string => sign(null, bytes, key.privateKey).toString('base64');

/** True when `signatureBase64` is a valid Ed25519 signature of `bytes` by `publicKeyPem`; false on any malformed input. */
export function verifyBytes(publicKeyPem: string, bytes: Buffer, signatureBase64: string): boolean {
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
