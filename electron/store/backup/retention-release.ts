import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../../core/common/errors';
import type { Database } from '../database';
import { sha256Of } from './files';
import { RETAINED_FOLDER, reasonsFor, referencesOf, type Ws } from './retention';
import { evidenceIdOf, HISTORY_REASON } from './retention-history';

/** What the release entry records about the file it lets go. */
export type ReleasedFile = { name: string; bytes: number; sha256: string; evidenceId: string | null; citedBy: string[] };

/**
 * Releases a removed evidence file that only the change history still keeps (issue 11, section 8:
 * never silently kept forever). Refused while a backup lists it as live evidence or a finalised
 * assessment cites it: those must be able to bring it back. The retained copy a later backup
 * carries does not refuse it (retention.ts): that backup keeps its copy after the release. `record` writes the release as its own history entry
 * (the caller's write transaction, with the person's reason); the file is deleted only once that
 * entry is committed. Should the delete itself fail, the next retention check deletes the file:
 * the history no longer keeps a released name, and nothing else did.
 */
export function releaseRetained(ws: Ws, backupsFolder: string, name: string, record: (file: ReleasedFile) => void): ReleasedFile {
  const path = join(ws.dir, RETAINED_FOLDER, name);
  if (basename(name) !== name || !existsSync(path) || !statSync(path).isFile())
    throw new AppError('NOT_FOUND', 'No removed evidence file of that name is being kept. Reload the Backups screen.');
  const bytes = readFileSync(path);
  const sha256 = sha256Of(bytes);
  const { reasons, releasable } = reasonsFor(name, sha256, referencesOf(ws, backupsFolder, [name]));
  if (!releasable) {
    const blocking = reasons.filter((r) => !r.startsWith(HISTORY_REASON));
    throw new AppError(
      'REFUSED',
      blocking.length
        ? `This file cannot be released while it is ${blocking.join(' and ')}: restoring those needs it.`
        : 'Only a file that the change history alone keeps can be released.',
    );
  }
  const file: ReleasedFile = { name, bytes: bytes.length, sha256, evidenceId: evidenceIdOf(name), citedBy: reasons };
  record(file);
  rmSync(path, { force: true });
  return file;
}

/** The seq of the newest history entry (the release just recorded). */
export const newestEntrySeq = (db: Database): number => (db.prepare('SELECT max(seq) FROM history').pluck().get() as number | null) ?? 0;
