import { historyHead } from '../../store/history/queries';
import { readFrozenAssessment } from '../assessment-snapshot';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../../core/common/errors';
import {
  identityText,
  MANIFEST_FILE,
  PACK_FORMAT,
  SIGNATURE_FILE,
  type PackManifest,
  type PackSignature,
} from '../../../core/pack/manifest';
import type { OpenWorkspace } from '../../store/workspaces';
import type { PdfRenderer } from '../report-pdf';
import { packContents } from './contents';
import { signBytes, type SigningKey } from './keys';

type Ws = Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>;

/**
 * THE place the change history's head goes into a pack: the head hash and entry count an auditor
 * keeps to prove later that the history was not rewritten. A finalised assessment's pack carries the
 * head frozen with it, so the same assessment gives the same manifest; a draft pack carries today's.
 */
export function historyHeadFor(ws: Ws, assessmentId: string | null = null): PackManifest['metadata']['history'] {
  if (assessmentId) {
    const frozen = readFrozenAssessment(ws, assessmentId)?.snapshot.historyHead;
    if (frozen) return { headHash: frozen.hash, entries: frozen.entries };
  }
  const live = historyHead(ws.db);
  return live.head ? { headHash: live.head, entries: live.count } : null;
}

/**
 * Files left out of the identity claim: none. The PDF's print time and the DOCX's creation times
 * (core.xml and ZIP entries) are set to the pack's own time (normalise.ts), so the same finalised
 * assessment gives the same bytes in every file and the same manifest.
 */
export const IDENTITY_EXCLUDES: string[] = [];
const IDENTITY_NOTE =
  "The identity hash covers every file of the pack. Documents carry the assessment's finalisation time (a draft: the build time) as their creation date, so the same finalised assessment gives the same files and the same manifest.";

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function writeNew(file: string, bytes: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The manifest for a set of files: sorted entries, the identity hash, the metadata. Pure apart from hashing. */
export function manifestFor(
  files: Map<string, Buffer>,
  metadata: PackManifest['metadata'],
  evidenceProblems: PackManifest['evidenceProblems'],
): PackManifest {
  const entries = [...files.entries()]
    .map(([path, bytes]) => ({ path, bytes: bytes.length, sha256: sha256(bytes) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    format: PACK_FORMAT,
    formatVersion: 1,
    metadata,
    identity: {
      sha256: sha256(Buffer.from(identityText(entries, IDENTITY_EXCLUDES), 'utf8')),
      excludes: IDENTITY_EXCLUDES,
      note: IDENTITY_NOTE,
    },
    files: entries,
    evidenceProblems,
  };
}

export type AssembledPack = { files: Map<string, Buffer>; manifest: PackManifest };

/** Every file of a signed pack, in memory: the contents, manifest.json and signature.json. */
export async function assemblePack(
  ws: Ws,
  key: SigningKey,
  now: Date,
  assessmentId: string | null,
  pdf: PdfRenderer,
): Promise<AssembledPack> {
  const contents = await packContents(ws, now, assessmentId, pdf);
  const manifest = manifestFor(
    contents.files,
    { ...contents.metadata, history: historyHeadFor(ws, assessmentId), signingKey: { algorithm: 'Ed25519', fingerprint: key.fingerprint } },
    contents.evidenceProblems,
  );
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature: PackSignature = {
    algorithm: 'Ed25519',
    signedFile: MANIFEST_FILE,
    publicKeyPem: key.publicKeyPem,
    keyFingerprint: key.fingerprint,
    signatureBase64: signBytes(key, manifestBytes),
  };
  const files = new Map(contents.files);
  files.set(MANIFEST_FILE, manifestBytes);
  files.set(SIGNATURE_FILE, Buffer.from(`${JSON.stringify(signature, null, 2)}\n`, 'utf8'));
  return { files, manifest };
}

export type BuiltPack = { dir: string; manifest: PackManifest; bytes: number };

/**
 * Builds a signed evidence pack into `outDir`, which must not exist or be empty: nothing is ever
 * overwritten. The pack is written into a hidden sibling folder and renamed into place when complete,
 * so a failed build leaves nothing behind.
 */
export async function buildPack(
  ws: Ws,
  key: SigningKey,
  now: Date,
  assessmentId: string | null,
  pdf: PdfRenderer,
  outDir: string,
): Promise<BuiltPack> {
  const dir = resolve(outDir);
  const notEmpty = () => existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0);
  const refuse = () =>
    new AppError('VALIDATION', `The folder ${dir} is not empty; choose a new folder for the pack (nothing was written).`, {
      issues: [{ path: 'outDir', message: 'Choose a new or empty folder' }],
    });
  if (notEmpty()) throw refuse();
  const { files, manifest } = await assemblePack(ws, key, now, assessmentId, pdf);
  if (notEmpty()) throw refuse();
  mkdirSync(dirname(dir), { recursive: true });
  const staging = join(dirname(dir), `.${basename(dir)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    for (const [path, bytes] of files) writeNew(join(staging, ...path.split('/')), bytes);
    if (existsSync(dir)) rmdirSync(dir); // empty (checked above); rmdir refuses if something appeared since
    renameSync(staging, dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return { dir, manifest, bytes: [...files.values()].reduce((n, b) => n + b.length, 0) };
}
