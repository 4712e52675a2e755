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
 * The name is kept, so the copy's change history is the source's entry for entry; `history:verify`
 * on both sides says so (same entry count, same head hash). The source is left as it was.
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
  const made = await unwrap<WorkspaceInfo>(to('import:workspace', { name: info.name, contentBase64: file.contentBase64 }));
  const copyHead = await headOf(to, made.id);
  return {
    workspace: { id: made.id, name: made.name },
    source,
    copy: copyHead,
    same: copyHead.intact && copyHead.count === source.count && copyHead.head === source.head,
  };
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
