import { AppError } from '../../../core/common/errors';
import type { Result } from '../../../core/contract/index';
import type { MoveResult } from '../../../core/team/connection';
import type { FileOut } from '../../../core/transfer/contract';
import type { WorkspaceInfo } from '../../../core/workspace/model';
import type { HistoryVerification } from '../../../core/history/model';
import type { ServiceContext } from '../../services/context';
import { dispatch } from '../../services/dispatch';
import { MAX_TEAM_BODY_BYTES } from '../../serve/team-server-http';
import type { TeamConnection } from './connection';

/**
 * Moving a workspace between this computer and the team server (issue 14 §6), with its history
 * and evidence files: the full workspace export (`export:workspace`, every table row for row plus
 * the attachment files) read on one side and imported as a new workspace (`import:workspace`) on
 * the other, both through dispatch, so each side's own checks apply (on the server: admins only).
 * The name is kept where it is free, so the copy's change history is the source's entry for entry;
 * `history:verify` on both sides says so (same entry count, same head hash). The source is left
 * as it was.
 */
type Call = (channel: string, input: unknown) => Promise<Result<unknown>>;

const unwrap = async <T>(p: Promise<Result<unknown>>): Promise<T> => {
  const r = await p;
  if (!r.ok)
    throw new AppError(r.error.code, r.error.message, {
      ...(r.error.issues ? { issues: r.error.issues } : {}),
      ...(r.error.details ? { details: r.error.details } : {}),
    });
  return r.value as T;
};

async function headOf(call: Call, workspaceId: string) {
  const v = await unwrap<HistoryVerification>(call('history:verify', { workspaceId }));
  return { intact: v.intact, count: v.count, head: v.head };
}

async function copy(from: Call, to: Call, workspaceId: string, limitBytes: number | null): Promise<MoveResult> {
  const source = await headOf(from, workspaceId);
  if (!source.intact)
    throw new AppError('REFUSED', 'The change history of this workspace does not verify; it was not moved. Open History to see where.');
  const info = await unwrap<WorkspaceInfo>(from('workspace:open', { workspaceId }));
  const file = await unwrap<FileOut>(from('export:workspace', { workspaceId }));
  const body = JSON.stringify({ name: info.name, contentBase64: file.contentBase64 });
  if (limitBytes !== null && Buffer.byteLength(body) > limitBytes)
    throw new AppError(
      'REFUSED',
      `This workspace is ${(Buffer.byteLength(body) / 1024 / 1024).toFixed(1)} MB as an export; a team server takes at most ${limitBytes / 1024 / 1024} MB in one upload. Nothing was moved.`,
    );
  const made = await importUnderFreeName(to, info.name, file.contentBase64);
  const copyHead = await headOf(to, made.id);
  const extra = copyHead.count - source.count;
  return {
    workspace: { id: made.id, name: made.name },
    source,
    copy: copyHead,
    extra,
    same: copyHead.intact && extra >= 0 && (await entryHashAt(to, made.id, extra)) === source.head,
  };
}

/**
 * Imports under the workspace's own name, or, when that side already has one of that name (the
 * original, after a move there and back), under "<name> (copy)", "(copy 2)", ... The import then
 * records the new name as one more history entry after the source's.
 */
async function importUnderFreeName(to: Call, name: string, contentBase64: string): Promise<WorkspaceInfo> {
  const candidates = [name, `${name} (copy)`, ...[2, 3, 4, 5].map((n) => `${name} (copy ${n})`)];
  let last: Result<unknown> | null = null;
  for (const candidate of candidates) {
    last = await to('import:workspace', { name: candidate, contentBase64 });
    const nameTaken = !last.ok && last.error.code === 'VALIDATION' && (last.error.issues ?? []).some((i) => i.path === 'name');
    if (!nameTaken) break;
  }
  return unwrap<WorkspaceInfo>(Promise.resolve(last!));
}

/** The hash of the entry `fromNewest` places before the newest (0: the head itself); null when there is none. */
async function entryHashAt(call: Call, workspaceId: string, fromNewest: number): Promise<string | null> {
  const page = await unwrap<{ entries: { hash: string }[] }>(call('history:list', { workspaceId, offset: fromNewest, limit: 1 }));
  return page.entries[0]?.hash ?? null;
}

const requireSignedIn = (conn: TeamConnection): void => {
  if (!conn.signedIn) throw new AppError('UNAUTHENTICATED', 'Sign in to the team server first.');
};

/** A local workspace -> a new team workspace (push). */
export async function moveToServer(local: ServiceContext, conn: TeamConnection, workspaceId: string): Promise<MoveResult> {
  requireSignedIn(conn);
  return copy((c, i) => dispatch(local, c, i), conn.call, workspaceId, MAX_TEAM_BODY_BYTES);
}

/** A team workspace -> a new local workspace on this computer (pull). */
export async function downloadLocalCopy(local: ServiceContext, conn: TeamConnection, workspaceId: string): Promise<MoveResult> {
  requireSignedIn(conn);
  return copy(conn.call, (c, i) => dispatch(local, c, i), workspaceId, null);
}
