import type { ServiceContext } from '../services/context';
import { call, EXIT } from './cli-workspace';

export const VERIFY_HELP = `Usage: agent-readiness verify --workspace FILE [--json] [--actor NAME]

Checks the workspace's change history: every entry's SHA-256 against its content and the
previous entry's hash, the sequence (nothing deleted, reordered or inserted), the head record
(nothing cut off the end), and every record against its latest entry (no data changed without
an entry). Prints "history intact: N entries, head <hash>" and exits 0, or names the first entry
that fails and why, and exits 1. --json prints the result as JSON.
`;

/** `verify`: the same history:verify channel the app's indicator calls. */
export async function verifyCmd(ctx: ServiceContext, workspaceId: string, json: boolean): Promise<number> {
  const r = await call(ctx, 'history:verify', { workspaceId });
  process.stdout.write(
    json ? `${JSON.stringify(r, null, 2)}\n` : `${r.intact ? r.message : `history NOT intact (${r.kind}): ${r.message}`}\n`,
  );
  return r.intact ? EXIT.OK : EXIT.CHECK_FAILED;
}
