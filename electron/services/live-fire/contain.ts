/**
 * Containment that is checked, not declared. The rogue is SIGKILLed and its exit observed, its
 * credential revoked (grant deleted, data file and -wal/-shm made 0444), and then a fresh process
 * makes a write attempt with the rogue's own credential. Containment is verified only if that write
 * fails and the data did not change during the attempt.
 */
import { forkChild, killChild, nextMessage, pidAlive } from './processes';
import type { LiveFireDrill } from './drill';
import type { RogueMessage } from './rogue';

export type ContainmentCheck = { check: string; ok: boolean; detail: string };

export type ContainmentResult = {
  verified: boolean;
  /** When the last check passed (ISO): the drill's TTC is measured to here. */
  verifiedAt: string;
  /** How long the kill switch took, start to verified, milliseconds. */
  durationMs: number;
  checks: ContainmentCheck[];
};

export async function containRogue(drill: LiveFireDrill): Promise<ContainmentResult> {
  const started = performance.now();
  const checks: ContainmentCheck[] = [];
  const rogue = drill.rogue;
  const grant = drill.rogueGrant;
  if (!rogue || !grant) throw new Error('This drill has no rogue to contain');

  await killChild(rogue);
  const pid = rogue.pid ?? -1;
  const gone = !pidAlive(pid);
  checks.push({
    check: 'rogue process stopped',
    ok: gone,
    detail: gone ? `pid ${pid} no longer exists (SIGKILL)` : `pid ${pid} is still running`,
  });

  const revoked = drill.sandbox.revokeRogue();
  const modes = Object.entries(revoked.fileModes);
  const readOnly = modes.length > 0 && modes.every(([, m]) => m === '0444');
  checks.push({
    check: 'credential revoked',
    ok: readOnly,
    detail: `grant deleted; ${modes.map(([f, m]) => `${f} ${m}`).join(', ')}`,
  });

  const before = drill.sandbox.snapshot(drill.now());
  const probe = forkChild(drill.opts.scripts.rogue, ['--probe'], drill.sandbox.layout.root);
  try {
    await nextMessage<RogueMessage>(probe, (m) => m.type === 'ready', 10_000);
    const reply = nextMessage<RogueMessage>(probe, (m) => m.type === 'probe-result', 10_000);
    probe.send({ type: 'probe', grant });
    const r = await reply;
    const entry = r.type === 'probe-result' ? r.entry : null;
    const refused = entry !== null && entry.outcome !== 'ok';
    checks.push({
      check: 'write attempt with the rogue credential failed',
      ok: refused,
      detail: entry ? `${entry.outcome}: ${entry.message || `${entry.rowsChanged} row(s) written`}` : 'no answer from the probe',
    });
  } finally {
    await killChild(probe);
  }
  const after = drill.sandbox.snapshot(drill.now());
  const unchanged = before.tables.every((t, i) => t.sha256 === after.tables[i]?.sha256);
  checks.push({
    check: 'data unchanged during the attempt',
    ok: unchanged,
    detail: unchanged ? 'per-table hashes equal' : 'a table changed',
  });

  return {
    verified: checks.every((c) => c.ok),
    verifiedAt: drill.now().toISOString(),
    durationMs: Math.round(performance.now() - started),
    checks,
  };
}
