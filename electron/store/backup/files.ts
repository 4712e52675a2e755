import { createHash } from 'node:crypto';
import {
  closeSync,
  linkSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { hashRegularFile, readRegularFile } from '../files/regular-file';

/** A backup manifest lists one line per evidence file: far below this. */
const MANIFEST_MAX = 16 * 1024 * 1024;

/**
 * The evidence half of a backup. Beside `<id>.sqlite` a backup has `<id>.files/` (a copy of the
 * workspace's attachment files) and `<id>.manifest.json` (size and SHA-256 of the database copy and
 * of every file). A backup made before this format has neither and still restores its database.
 */

export const BACKUP_FORMAT = 'agent-readiness-backup';

/** Relative, forward-slash paths of our own making: no "..", no absolute path, no empty segment. */
const RelPath = z
  .string()
  .min(1)
  .max(400)
  .regex(/^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]+$/, 'Invalid file path')
  .refine((p) => !p.startsWith('/') && !p.includes('//'), 'Invalid file path');
const Sha = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestEntry = z.object({ path: RelPath, bytes: z.number().int().nonnegative(), sha256: Sha });
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(1),
  backupId: z.string(),
  createdAt: z.string(),
  workspace: z.object({ id: z.string(), name: z.string() }),
  database: ManifestEntry,
  files: z.array(ManifestEntry),
  /** Evidence rows whose file was already missing from the workspace when the backup was made (named, never hidden). */
  missing: z.array(z.string()),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export const manifestPathOf = (folder: string, backupId: string): string => join(folder, backupId.replace(/\.sqlite$/, '.manifest.json'));
export const filesDirOf = (folder: string, backupId: string): string => join(folder, backupId.replace(/\.sqlite$/, '.files'));

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Every regular file under `root`, as sorted forward-slash relative paths (symbolic links are not followed). */
export function listFilesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** `root/rel`, refusing any path that would leave `root`. */
export function inside(root: string, rel: string): string {
  const base = resolve(root);
  const target = resolve(base, ...rel.split('/'));
  if (!target.startsWith(base + sep)) throw new Error(`Refusing a path outside ${base}: ${rel}`);
  return target;
}

function fsyncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An earlier backup whose copies a new backup may share: its files folder and manifest. */
export type PreviousBackup = { filesDir: string; manifest: BackupManifest };

/**
 * Copies `paths` (relative to `sourceDir`) into `targetDir` and returns their sizes and hashes.
 * Evidence files are written once and never edited, so a file whose bytes equal its copy in the
 * previous backup is hard-linked to that copy instead of copied again (checked byte-for-byte by
 * hash first): thirty backups of the same evidence take the space of one.
 */
export function copyFiles(sourceDir: string, paths: string[], targetDir: string, previous: PreviousBackup | null = null): ManifestEntry[] {
  const earlier = new Map((previous?.manifest.files ?? []).map((f) => [f.path, f.sha256]));
  const entries: ManifestEntry[] = [];
  for (const path of paths) {
    const dest = inside(targetDir, path);
    mkdirSync(resolve(dest, '..'), { recursive: true });
    const bytes = readFileSync(inside(sourceDir, path));
    const sha256 = sha256Of(bytes);
    if (!(previous && earlier.get(path) === sha256 && linkIfSame(inside(previous.filesDir, path), dest, sha256))) {
      writeFileSync(dest, bytes, { flag: 'wx' });
      fsyncPath(dest);
    }
    entries.push({ path, bytes: bytes.length, sha256 });
  }
  return entries;
}

function linkIfSame(earlier: string, dest: string, sha256: string): boolean {
  try {
    if (sha256Of(readFileSync(earlier)) !== sha256) return false; // the earlier copy changed: never share it
    linkSync(earlier, dest);
    return true;
  } catch {
    return false; // gone, or a file system without hard links: copy instead
  }
}

export function writeManifestFile(file: string, manifest: BackupManifest): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  fsyncPath(tmp);
  renameSync(tmp, file);
}

export type ManifestRead = { kind: 'none' } | { kind: 'ok'; manifest: BackupManifest } | { kind: 'invalid'; reason: string };

/** A backup's own manifest: absent (an older backup), valid, or unreadable (then the backup is not trusted). */
export function readBackupManifest(folder: string, backupId: string): ManifestRead {
  const manifestFile = manifestPathOf(folder, backupId);
  if (!existsSync(manifestFile)) return { kind: 'none' };
  try {
    const parsed = BackupManifest.safeParse(JSON.parse(readRegularFile(manifestFile, MANIFEST_MAX, 'backup manifest').toString('utf8')));
    if (!parsed.success) return { kind: 'invalid', reason: `its manifest is not valid (${parsed.error.issues[0]?.path.join('.') ?? ''})` };
    if (parsed.data.backupId !== backupId) return { kind: 'invalid', reason: 'its manifest belongs to another backup' };
    return { kind: 'ok', manifest: parsed.data };
  } catch (err) {
    return { kind: 'invalid', reason: `its manifest cannot be read (${(err as Error).message})` };
  }
}

/** One file that does not match the manifest, named. */
export type FileProblem = { path: string; problem: 'changed' | 'missing' | 'unexpected' };

/** A file that is no longer a regular file (or cannot be opened) counts as changed. */
const hashOrNull = (p: string): string | null => {
  try {
    return hashRegularFile(p).sha256;
  } catch {
    return null;
  }
};

/** Checks a backup's files folder against its manifest: every listed file present with its hash, nothing else. */
export function checkBackupFiles(filesDir: string, manifest: BackupManifest): FileProblem[] {
  const problems: FileProblem[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const p = inside(filesDir, f.path);
    if (!existsSync(p)) problems.push({ path: f.path, problem: 'missing' });
    else if (statSync(p).size !== f.bytes || hashOrNull(p) !== f.sha256) problems.push({ path: f.path, problem: 'changed' });
  }
  for (const p of listFilesUnder(filesDir)) if (!listed.has(p)) problems.push({ path: p, problem: 'unexpected' });
  return problems;
}

/** Removes a backup's evidence half (rotation, or a half-made backup). */
export function removeBackupFiles(folder: string, backupId: string): void {
  rmSync(filesDirOf(folder, backupId), { recursive: true, force: true });
  rmSync(manifestPathOf(folder, backupId), { force: true });
}
