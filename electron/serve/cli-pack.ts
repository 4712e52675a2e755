import { resolve } from 'node:path';
import { openPathSession } from '../services/workspace-file';
import { call, CliError, EXIT, withFile, out, str, type Values } from './cli-workspace';

/**
 * `restore`, `pack` and `verify-pack`: section 8 and 9 of issue 11 on the command line, every one a
 * call through dispatch (the path channels refuse any door but the CLI).
 */
type Opt = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
export type PackCommand = 'restore' | 'pack' | 'verify-pack';
const mb = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export const PACK_HELP: Record<PackCommand, string> = {
  restore: `Usage: agent-readiness restore --workspace FILE --from BACKUP
       agent-readiness restore --workspace FILE --list

Restores the workspace FILE (created if it does not exist, e.g. on a new machine) from BACKUP:
a backup id from its backups folder, or the path of a backup's .sqlite file (its .manifest.json
and .files/ folder beside it). The database and every evidence file are checked against the
backup's SHA-256 manifest first; any changed, missing or unexpected file is named and nothing is
touched (exit 4). An existing workspace is backed up first (a pre-restore backup).
--list shows the workspace's backups, newest first.
`,
  pack: `Usage: agent-readiness pack --workspace FILE [--assessment ID] --out DIR

Builds a signed evidence pack in DIR (a new or empty folder): the report (PDF, DOCX, JSON), every
dataset as CSV, the evidence files, OSCAL Assessment Results and POA&M documents, manifest.json
(path, bytes and SHA-256 of every file) and signature.json (Ed25519 over manifest.json, with the
workspace's public key). Without --assessment the pack is of the current state, marked draft.
Prints the folder, the number of files, the signing-key fingerprint and the identity hash.
`,
  'verify-pack': `Usage: agent-readiness verify-pack DIR [--expect-key FINGERPRINT]

Checks an evidence pack: the signature over manifest.json, the public key, and every file's
SHA-256. Names each file that was changed, added or removed. --expect-key also requires the pack
to be signed with that key (the fingerprint shown in the app's Reports screen).
Exit 0 intact, 1 tampering found, 4 no such folder.
`,
};

async function restore(v: Values): Promise<number> {
  const workspaceFile = str(v.workspace);
  if (!workspaceFile) throw new CliError('--workspace FILE is required.', EXIT.USAGE);
  const from = str(v.from);
  if (!v.list && !from) throw new CliError('--from BACKUP (or --list) is required.', EXIT.USAGE);
  const ctx = openPathSession(workspaceFile);
  try {
    if (v.list) {
      const r = await call(ctx, 'backup:listByPath', { workspaceFile });
      out(`Backups in ${r.folder}:\n`);
      if (r.backups.length === 0) out('  (none)\n');
      for (const b of r.backups)
        out(
          `${b.createdAt}  ${b.reason.padEnd(13)}  ${String(b.evidenceFiles).padStart(5)} files  ${mb(b.totalBytes).padStart(9)}  ${b.id}\n`,
        );
      return EXIT.OK;
    }
    const r = await call(ctx, 'backup:restoreByPath', { workspaceFile, from: from! }, { VALIDATION: EXIT.INPUT, NOT_FOUND: EXIT.INPUT });
    out(`Restored "${r.name}" into ${r.file}: the database and ${r.filesRestored} evidence file(s), every hash checked.\n`);
    if (r.preRestoreBackup) out(`The previous state was backed up first: ${r.preRestoreBackup.id}\n`);
    if (r.quarantined) out(`The previous file could not be opened and was kept aside as ${r.quarantined}\n`);
    return EXIT.OK;
  } finally {
    ctx.close();
  }
}

async function pack(v: Values): Promise<number> {
  const outDir = str(v.out);
  if (!outDir) throw new CliError('--out DIR is required.', EXIT.USAGE);
  return withFile(v, async (ctx, workspaceId) => {
    const r = await call(
      ctx,
      'pack:build',
      { workspaceId, assessmentId: str(v.assessment) ?? null, outDir: resolve(outDir) },
      { NOT_FOUND: EXIT.USAGE, INTERNAL: EXIT.OUTPUT },
    );
    out(`${r.dir}\n`);
    out(`${r.files} files, ${mb(r.bytes)}; signed with Ed25519 key ${r.fingerprint}\nidentity ${r.identity}\n`);
    for (const p of r.evidenceProblems) process.stderr.write(`warning: evidence not packed: ${p}\n`);
    return EXIT.OK;
  });
}

async function verifyPackCmd(v: Values, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new CliError('Give exactly one pack folder: agent-readiness verify-pack DIR.', EXIT.USAGE);
  const dir = resolve(positionals[0]!);
  const ctx = openPathSession(dir);
  try {
    const expect = str(v['expect-key']);
    const r = await call(ctx, 'pack:verify', { dir, ...(expect ? { expectFingerprint: expect } : {}) }, { NOT_FOUND: EXIT.INPUT });
    if (r.ok) {
      out(`Pack intact: ${r.files} files match manifest.json, and its signature is valid (key ${r.fingerprint}).\n`);
      return EXIT.OK;
    }
    for (const p of r.problems) out(`${p.problem.toUpperCase().padEnd(9)} ${p.path}: ${p.detail}\n`);
    process.stderr.write(`Pack NOT intact: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} found.\n`);
    return EXIT.CHECK_FAILED;
  } finally {
    ctx.close();
  }
}

const W: Record<string, Opt> = { workspace: { type: 'string', short: 'w' } };
export const PACK_COMMANDS: Record<
  PackCommand,
  { options: Record<string, Opt>; positionals?: boolean; run: (v: Values, positionals: string[]) => number | Promise<number> }
> = {
  restore: { options: { ...W, from: { type: 'string' }, list: { type: 'boolean' } }, run: restore },
  pack: { options: { ...W, assessment: { type: 'string' }, out: { type: 'string', short: 'o' } }, run: pack },
  'verify-pack': { options: { 'expect-key': { type: 'string' } }, positionals: true, run: verifyPackCmd },
};
