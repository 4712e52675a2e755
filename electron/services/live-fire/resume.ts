/**
 * After a crash: the app re-opens the sandbox it made (refused unless the manifest matches), makes sure
 * no rogue of this drill is still running, checks the file's integrity, and compares the data with the
 * pre-incident snapshot saved when the drill started, so the resumed drill starts from facts.
 */
import type { RecoveryCheck, SandboxSnapshot } from '../../store/sandbox/snapshot';
import { SqliteSandbox } from '../../store/sandbox/sqlite-sandbox';
import { pidAlive } from './processes';

export type SandboxRecheck = {
  sandbox: SqliteSandbox;
  /** ['ok'] when the file is sound. */
  integrity: string[];
  rogueRunning: boolean;
  preIncident: SandboxSnapshot | null;
  /** The data now against the pre-incident snapshot (null when none was saved). */
  againstPreIncident: RecoveryCheck | null;
};

export function recheckSandbox(root: string, sandboxId: string, sandboxSpec: unknown, roguePid: number | null, now: Date): SandboxRecheck {
  const sandbox = SqliteSandbox.reopen(root, sandboxId, sandboxSpec);
  const preIncident = sandbox.savedPreIncident();
  return {
    sandbox,
    integrity: sandbox.integrityCheck(),
    rogueRunning: roguePid !== null && pidAlive(roguePid),
    preIncident,
    againstPreIncident: preIncident ? sandbox.verify(preIncident, now) : null,
  };
}
