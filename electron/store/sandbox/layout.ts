/**
 * Where a live-fire sandbox lives, and the enforcement half of the safety guard (the pure half is
 * core/drills/live-fire-guard.ts). Every sandbox is a new folder made by mkdtemp under the system temp
 * folder, with a manifest naming its random id: a folder without the manifest, or with another id, is
 * not ours and is refused. Paths are checked twice, as given and after resolving symlinks, and a
 * symlink is never followed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../core/common/errors';
import { checkSandboxPath } from '../../../core/drills/live-fire-guard';

export const SANDBOX_PREFIX = 'ar-live-fire-';
const MANIFEST = '.live-fire-sandbox.json';

const Manifest = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/), engine: z.literal('sqlite'), createdAt: z.string() });
export type SandboxManifest = z.infer<typeof Manifest>;

/** The fixed layout inside a sandbox folder. The rogue's reach is `volume/`; `vault/` is not on its volume. */
export type SandboxLayout = {
  root: string;
  id: string;
  volume: string;
  dataFile: string;
  sameVolumeBackups: string;
  vault: string;
  statementLog: string;
  credentialFile: string;
  snapshots: string;
};

export function layoutOf(root: string, id: string): SandboxLayout {
  const volume = join(root, 'volume');
  return {
    root,
    id,
    volume,
    dataFile: join(volume, 'sandbox.sqlite'),
    sameVolumeBackups: join(volume, 'backups'),
    vault: join(root, 'vault'),
    statementLog: join(root, 'log', 'statements.jsonl'),
    credentialFile: join(root, 'credential', 'rogue.token'),
    snapshots: join(root, 'snapshots'),
  };
}

/** Makes a new, empty sandbox folder (0700) with its manifest. */
export function createSandboxFolder(now: Date, parent: string = tmpdir()): SandboxLayout {
  const root = realpathSync(mkdtempSync(join(realpathSync(parent), SANDBOX_PREFIX)));
  const id = randomBytes(16).toString('hex');
  const l = layoutOf(root, id);
  for (const dir of [l.volume, l.sameVolumeBackups, l.vault, join(root, 'log'), join(root, 'credential'), l.snapshots])
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  const manifest: SandboxManifest = { id, engine: 'sqlite', createdAt: now.toISOString() };
  writeFileSync(join(root, MANIFEST), JSON.stringify(manifest), { mode: 0o600, flag: 'wx' });
  return l;
}

/**
 * Re-opens a sandbox folder the app made earlier (after a crash, or from the rogue process). Refuses a
 * folder that is not a real directory under the temp folder's sandbox prefix, or whose manifest is
 * missing or names another id.
 */
export function openSandboxFolder(root: string, expectedId: string): SandboxLayout {
  const rootCheck = checkSandboxPath(root, root);
  if (!rootCheck.ok) throw refused(rootCheck.reason);
  if (!existsSync(root) || lstatSync(root).isSymbolicLink() || !lstatSync(root).isDirectory())
    throw refused(`Not a sandbox folder made by this app: ${root}`);
  if (realpathSync(root) !== root) throw refused(`The sandbox folder must be given by its real path: ${root}`);
  if (!root.split(/[\\/]/).pop()?.startsWith(SANDBOX_PREFIX)) throw refused(`Not a sandbox folder made by this app: ${root}`);
  const manifestFile = join(root, MANIFEST);
  if (!existsSync(manifestFile) || lstatSync(manifestFile).isSymbolicLink())
    throw refused(`No sandbox manifest in ${root}: the app did not create it`);
  const parsed = Manifest.safeParse(JSON.parse(readFileSync(manifestFile, 'utf8')) as unknown);
  if (!parsed.success || parsed.data.id !== expectedId) throw refused(`The sandbox in ${root} belongs to another drill`);
  return layoutOf(root, expectedId);
}

/**
 * A path the sandbox may touch: inside the sandbox folder as given, not a symlink (nor any folder on
 * the way), and still inside once resolved. The file itself may not exist yet.
 */
export function guardTarget(l: SandboxLayout, target: string): string {
  const first = checkSandboxPath(l.root, target);
  if (!first.ok) throw refused(first.reason);
  const rel = target
    .slice(l.root.length)
    .split(/[\\/]+/)
    .filter(Boolean);
  let p = l.root;
  for (const seg of rel) {
    p = join(p, seg);
    if (existsSync(p) && lstatSync(p).isSymbolicLink()) throw refused(`Symlinks are not followed in a sandbox: ${p}`);
  }
  if (existsSync(target)) {
    const real = checkSandboxPath(l.root, realpathSync(target));
    if (!real.ok) throw refused(real.reason);
  }
  return target;
}

export function refused(reason: string): AppError {
  return new AppError('REFUSED', `Live-fire guard: ${reason}`, { details: { guard: true } });
}
