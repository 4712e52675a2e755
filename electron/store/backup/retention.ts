import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../database';
import { readBackupManifest, sha256Of } from './files';
import { evidenceIdOf, historyReason, namesKeptByHistory } from './retention-history';

/**
 * Removed evidence files. Removing an evidence record must not silently lose the file while
 * something still cites it, nor keep it forever once nothing does. A removed file moves from
 * `<ws.dir>/evidence/` to `<ws.dir>/retained/` while any backup manifest lists it as live evidence, a finalised
 * assessment cites its evidence record, or the change history cites it (retention-history.ts);
 * once none does it is deleted. The space retained files use is reported (retainedSpace) with
 * each file's reasons and shown on the Backups screen.
 *
 * The history cites every file it recorded, so on its own it would keep every removed file
 * forever: a file kept only by the history is marked `releasable`, and a person releases it with
 * a reason (retention-release.ts), recorded as its own history entry. Backups and finalised
 * assessments are never overridden: a file they cite cannot be released. Every backup carries a
 * copy of every file in `retained/` (so a restore on a new machine has what the history names),
 * and a file released later stays in the backups that carry it.
 */

export const EVIDENCE_FOLDER = 'evidence';
export const RETAINED_FOLDER = 'retained';

export type Ws = { db: Database; dir: string };

const decode = (text: string): string =>
  text.startsWith('gz1:') ? gunzipSync(Buffer.from(text.slice(4), 'base64')).toString('utf8') : text;

/** Which of `ids` a finalised assessment's frozen inputs cite (assessments never change, so this only grows). */
export function idsCitedByAssessments(db: Database, ids: string[]): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  if (ids.length === 0) return cited;
  const rows = db.prepare('SELECT title, inputs FROM assessments ORDER BY seq').iterate() as Iterable<{ title: string; inputs: string }>;
  for (const r of rows) {
    const text = decode(r.inputs);
    for (const id of ids) if (text.includes(id)) cited.set(id, [...(cited.get(id) ?? []), r.title]);
  }
  return cited;
}

/**
 * File name -> sha256 -> ids of the backups whose manifest lists that file as live evidence.
 * Every backup also carries a copy of every retained file (evidence.ts), but a `retained/` entry
 * is no reference here: that backup holds its own verified copy, and counting it would make each
 * new backup keep the file for the next one, so a file kept for the history could never be released.
 */
export function filesListedByBackups(backupsFolder: string): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  if (!existsSync(backupsFolder)) return out;
  for (const f of readdirSync(backupsFolder)) {
    if (!f.endsWith('.manifest.json')) continue;
    const id = f.replace(/\.manifest\.json$/, '.sqlite');
    const m = readBackupManifest(backupsFolder, id);
    if (m.kind !== 'ok') continue;
    for (const e of m.manifest.files) {
      if (!e.path.startsWith(`${EVIDENCE_FOLDER}/`)) continue;
      const name = basename(e.path);
      const bySha = out.get(name) ?? out.set(name, new Map()).get(name)!;
      bySha.set(e.sha256, [...(bySha.get(e.sha256) ?? []), id]);
    }
  }
  return out;
}

/** `releasable`: kept by the change history alone, so a person may release it (nothing else cites it). */
export type RetainedItem = { name: string; bytes: number; evidenceId: string | null; reasons: string[]; releasable: boolean };

type References = { listed: Map<string, Map<string, string[]>>; cited: Map<string, string[]>; history: Map<string, number> };

/** Why a file is kept: backups and assessments first (they block a release), the history last. */
export function reasonsFor(name: string, sha: string, refs: References): { reasons: string[]; releasable: boolean } {
  const reasons: string[] = [];
  const backups = refs.listed.get(name)?.get(sha) ?? [];
  if (backups.length) reasons.push(`listed by ${backups.length} backup${backups.length === 1 ? '' : 's'}`);
  const id = evidenceIdOf(name);
  for (const title of (id && refs.cited.get(id)) || []) reasons.push(`cited by the finalised assessment "${title}"`);
  const seq = refs.history.get(name);
  const releasable = reasons.length === 0 && seq !== undefined;
  if (seq !== undefined) reasons.push(historyReason(seq));
  return { reasons, releasable };
}

/** Everything that may reference the files `names`, read once for all of them. */
export function referencesOf(ws: Ws, backupsFolder: string, names: string[]): References {
  return {
    listed: filesListedByBackups(backupsFolder),
    cited: idsCitedByAssessments(
      ws.db,
      names.map(evidenceIdOf).filter((x): x is string => x !== null),
    ),
    history: namesKeptByHistory(ws.db, names),
  };
}

/**
 * Called after an evidence record was removed: keeps its file in `retained/` when something still
 * references it, deletes it otherwise. Returns what happened.
 */
export function retainOrDiscard(ws: Ws, backupsFolder: string, storedName: string): 'retained' | 'deleted' | 'absent' {
  const from = join(ws.dir, EVIDENCE_FOLDER, storedName);
  if (!existsSync(from)) return 'absent';
  const { reasons } = reasonsFor(storedName, sha256Of(readFileSync(from)), referencesOf(ws, backupsFolder, [storedName]));
  if (reasons.length === 0) {
    rmSync(from, { force: true });
    return 'deleted';
  }
  mkdirSync(join(ws.dir, RETAINED_FOLDER), { recursive: true });
  renameSync(from, join(ws.dir, RETAINED_FOLDER, storedName));
  return 'retained';
}

/** Evidence file names the database still has a record for. */
const liveStoredNames = (db: Database): Set<string> =>
  new Set(
    (db.prepare("SELECT stored_name FROM evidence WHERE kind = 'file' AND stored_name IS NOT NULL").all() as { stored_name: string }[]).map(
      (r) => r.stored_name,
    ),
  );

export type RetainedSpace = { files: number; bytes: number; items: RetainedItem[]; pruned: string[]; adopted: string[] };

/**
 * Reconciles and reports the retained area: files left in `evidence/` by records removed before
 * retention existed are moved to `retained/` (adopted), retained files nothing references any more
 * are deleted (pruned), and the rest are listed with why each is kept and the space they use.
 * A file younger than `graceMs` is left alone (an evidence upload writes its file just before its row).
 */
export function retainedSpace(ws: Ws, backupsFolder: string, now: Date, graceMs = 60_000): RetainedSpace {
  const adopted: string[] = [];
  const evidenceDir = join(ws.dir, EVIDENCE_FOLDER);
  const retainedDir = join(ws.dir, RETAINED_FOLDER);
  const live = liveStoredNames(ws.db);
  if (existsSync(evidenceDir))
    for (const f of readdirSync(evidenceDir)) {
      const p = join(evidenceDir, f);
      if (live.has(f) || !statSync(p).isFile() || now.getTime() - statSync(p).mtimeMs < graceMs) continue;
      mkdirSync(retainedDir, { recursive: true });
      renameSync(p, join(retainedDir, f));
      adopted.push(f);
    }
  const names = retainedFileNames(ws.dir);
  const refs = referencesOf(ws, backupsFolder, names);
  const items: RetainedItem[] = [];
  const pruned: string[] = [];
  for (const name of names.sort()) {
    const p = join(retainedDir, name);
    const bytes = readFileSync(p);
    const { reasons, releasable } = reasonsFor(name, sha256Of(bytes), refs);
    if (reasons.length === 0 && evidenceIdOf(name) !== null) {
      rmSync(p, { force: true });
      pruned.push(name);
      continue;
    }
    // A file whose name we did not make is never deleted on a guess: it stays, listed, and counted.
    items.push({
      name,
      bytes: bytes.length,
      evidenceId: evidenceIdOf(name),
      reasons: reasons.length ? reasons : ['not made by this app'],
      releasable,
    });
  }
  return { files: items.length, bytes: items.reduce((n, i) => n + i.bytes, 0), items, pruned, adopted };
}

/** The regular files in `<wsDir>/retained/`, sorted (a backup carries every one of them, whatever keeps it). */
export function retainedFileNames(wsDir: string): string[] {
  const dir = join(wsDir, RETAINED_FOLDER);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

/** Retained files a finalised assessment cites (an evidence pack carries these as the assessment's evidence). */
export function retainedForAssessments(ws: Ws): string[] {
  const names = retainedFileNames(ws.dir);
  const cited = idsCitedByAssessments(
    ws.db,
    names.map(evidenceIdOf).filter((x): x is string => x !== null),
  );
  return names.filter((n) => cited.has(evidenceIdOf(n) ?? '')).sort();
}
