import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  compareWithManifest,
  MANIFEST_FILE,
  PackManifest,
  PackSignature,
  SIGNATURE_FILE,
  type PackEntry,
  type PackProblem,
} from '../../../core/pack/manifest';
import { AppError } from '../../../core/common/errors';
import { hashRegularFile, readRegularFile } from '../../store/files/regular-file';
import { fingerprintOf, verifyBytes } from './keys';

export type PackVerdict = { ok: boolean; files: number; fingerprint: string | null; problems: PackProblem[] };

/** Every regular file under the pack folder (a symbolic link is reported as added, never followed). */
function filesOf(root: string): { entries: PackEntry[]; links: string[] } {
  const entries: PackEntry[] = [];
  const links: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(root, p).split(sep).join('/');
      if (e.isSymbolicLink()) links.push(rel);
      else if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        entries.push({ path: rel, ...hashRegularFile(p, `pack file ${rel}`) });
      }
    }
  };
  walk(root);
  return { entries, links };
}

function parseJson<T>(text: string, schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }): T | null {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * Checks an evidence pack: the signature over manifest.json, that the public key is the one the
 * manifest names (and the expected one, when given), and every file against the manifest. Every
 * problem is named by file: changed, added, removed, an invalid manifest or signature.
 */
const MANIFEST_MAX = 16 * 1024 * 1024;
const SIGNATURE_MAX = 64 * 1024;

export function verifyPack(dirArg: string, expectFingerprint?: string): PackVerdict {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) throw new AppError('NOT_FOUND', `No pack folder at ${dir}`);
  const problems: PackProblem[] = [];
  const { entries, links } = filesOf(dir);
  for (const l of links) problems.push({ path: l, problem: 'added', detail: 'a symbolic link, not part of any pack' });
  const manifestPath = join(dir, MANIFEST_FILE);
  const signaturePath = join(dir, SIGNATURE_FILE);
  // A manifest lists hashes and a signature is one line: anything larger is not ours and is not read whole.
  const manifestBytes =
    existsSync(manifestPath) && statSync(manifestPath).isFile() ? readRegularFile(manifestPath, MANIFEST_MAX, 'pack manifest') : null;
  const signatureText =
    existsSync(signaturePath) && statSync(signaturePath).isFile()
      ? readRegularFile(signaturePath, SIGNATURE_MAX, 'pack signature').toString('utf8')
      : null;
  if (!manifestBytes) problems.push({ path: MANIFEST_FILE, problem: 'removed', detail: 'the manifest is missing' });
  if (signatureText === null) problems.push({ path: SIGNATURE_FILE, problem: 'removed', detail: 'the signature is missing' });
  const manifest = manifestBytes ? parseJson(manifestBytes.toString('utf8'), PackManifest) : null;
  if (manifestBytes && !manifest) problems.push({ path: MANIFEST_FILE, problem: 'invalid', detail: 'not a valid pack manifest' });
  const signature = signatureText === null ? null : parseJson(signatureText, PackSignature);
  if (signatureText !== null && !signature)
    problems.push({ path: SIGNATURE_FILE, problem: 'invalid', detail: 'not a valid signature file' });
  let fingerprint: string | null = null;
  if (signature) {
    try {
      fingerprint = fingerprintOf(signature.publicKeyPem);
    } catch {
      problems.push({ path: SIGNATURE_FILE, problem: 'key', detail: 'the public key cannot be read' });
    }
    if (fingerprint && fingerprint !== signature.keyFingerprint)
      problems.push({
        path: SIGNATURE_FILE,
        problem: 'key',
        detail: `the public key's fingerprint is ${fingerprint}, not the ${signature.keyFingerprint} it claims`,
      });
    if (fingerprint && manifest && fingerprint !== manifest.metadata.signingKey.fingerprint)
      problems.push({
        path: SIGNATURE_FILE,
        problem: 'key',
        detail: `signed with key ${fingerprint}, but the manifest names ${manifest.metadata.signingKey.fingerprint}`,
      });
    if (fingerprint && expectFingerprint && fingerprint !== expectFingerprint.trim())
      problems.push({
        path: SIGNATURE_FILE,
        problem: 'key',
        detail: `signed with key ${fingerprint}, not the expected ${expectFingerprint.trim()}`,
      });
    if (manifestBytes && fingerprint && !verifyBytes(signature.publicKeyPem, manifestBytes, signature.signatureBase64))
      problems.push({
        path: SIGNATURE_FILE,
        problem: 'signature',
        detail: 'the signature does not match manifest.json: one of the two was changed',
      });
  }
  if (manifest) problems.push(...compareWithManifest(manifest, entries));
  const files = entries.filter((e) => e.path !== MANIFEST_FILE && e.path !== SIGNATURE_FILE).length;
  return { ok: problems.length === 0, files, fingerprint, problems };
}
