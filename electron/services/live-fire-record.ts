/**
 * Verified live-fire results written to the drill record, as ordinary drill events through the drill
 * append path (each one committed inside `mutate` by the drill store's write functions), so the
 * existing measures, history, reports and scoring evidence read them unchanged:
 * - the first console query after the damage began is the detection: a `declared` checkpoint (TTD);
 * - verified containment: both containment steps confirmed, then `contained` (TTC);
 * - verified recovery (or a loss the team accepted): `recovered`, checked against the pre-incident
 *   snapshot, with the real data loss (TTR).
 * Nothing is recorded from an unverified result. A refusal by the drill's state machine (a paused drill,
 * a checkpoint already recorded by hand) comes back as `recorded: false` with its message: the sandbox
 * result itself stands and stays in the live-fire record.
 */
import { AppError } from '../../core/common/errors';
import type { EventBodyInput } from '../../core/drills/events';
import type { LiveFireContainment, LiveFireRecovery } from '../../core/drills/live-fire-contract';
import type { OpenWorkspace } from '../store/workspaces';
import type { ServiceContext } from './context';
import { appendDrillEvent, loadDrill } from './drills-session';

export type Recorded = { recorded: boolean; message: string };

function appendAll(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, events: EventBodyInput[], done: string): Recorded {
  try {
    for (const e of events) appendDrillEvent(ctx, ws, drillId, e);
    return { recorded: events.length > 0, message: events.length > 0 ? done : 'Already on the drill record.' };
  } catch (err) {
    if (err instanceof AppError) return { recorded: false, message: `Not recorded on the drill: ${err.message}` };
    throw err;
  }
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The detection: only the first query that saw the damage, and only if nobody declared yet. */
export function recordDetection(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, sql: string): Recorded {
  const { state } = loadDrill(ctx, ws, drillId);
  if (state.checkpoints.declared || state.status !== 'running') return { recorded: false, message: 'Already detected.' };
  const note = clip(`Detected in the live-fire console: ${sql.replace(/\s+/g, ' ')}`, 1000);
  return appendAll(ctx, ws, drillId, [{ type: 'checkpoint', payload: { checkpoint: 'declared', note } }], 'Detection recorded (TTD).');
}

export function recordContainment(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, c: LiveFireContainment): Recorded {
  if (!c.verified) {
    const failed = c.checks.filter((x) => !x.ok).map((x) => `${x.check} (${x.detail})`);
    return { recorded: false, message: `Containment was not verified, so it is not recorded: ${failed.join('; ')}` };
  }
  const { state } = loadDrill(ctx, ws, drillId);
  const events: EventBodyInput[] = [];
  if (!state.checkpoints.declared)
    events.push({ type: 'checkpoint', payload: { checkpoint: 'declared', note: 'Declared with the live-fire kill switch.' } });
  if (!state.checkpoints.contained) {
    for (const step of ['agent-halted', 'credentials-revoked'] as const)
      if (!state.containment[step]) events.push({ type: 'containment', payload: { step, confirmed: true } });
    const how = c.checks.map((x) => `${x.check}: ${x.detail}`).join('; ');
    events.push({ type: 'checkpoint', payload: { checkpoint: 'contained', note: clip(`Verified by the app. ${how}`, 1000) } });
  }
  return appendAll(ctx, ws, drillId, events, 'Containment verified and recorded (TTC).');
}

export function recordRecovery(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, r: LiveFireRecovery): Recorded {
  if (!r.recovered && !r.acceptedLoss)
    return {
      recorded: false,
      message: `The data does not match the pre-incident snapshot (${r.rowsLost} rows lost, ${r.rowsChanged} changed, ${r.rowsExtra} invented): restore again, or accept the loss.`,
    };
  const { state } = loadDrill(ctx, ws, drillId);
  if (state.checkpoints.recovered) return { recorded: false, message: 'Recovered is already on the drill record.' };
  const loss = `${r.rowsLost} rows lost, ${r.rowsChanged} changed, ${r.rowsExtra} invented`;
  const rpo = r.rpoMs === null ? 'no backup restored' : `RPO ${r.rpoMs} ms (${r.rpoScenarioMinutes} min on the scenario clock)`;
  const note = r.recovered
    ? `Verified by the app: every table matches the pre-incident snapshot; ${rpo}.`
    : `The team accepted the loss: ${loss}; ${rpo}.`;
  return appendAll(
    ctx,
    ws,
    drillId,
    [
      {
        type: 'checkpoint',
        payload: {
          checkpoint: 'recovered',
          note,
          verifiedAgainstSystemOfRecord: true,
          systemOfRecord: 'System of record: pre-incident snapshot (row counts and SHA-256 per table)',
          dataLossMinutes: r.rpoScenarioMinutes,
        },
      },
    ],
    'Recovery verified and recorded (TTR).',
  );
}

/**
 * Results verified while the drill could not take them (the kill switch pressed during a pause: the
 * state machine refuses checkpoints then) are recorded as soon as it runs again. Measured time
 * excludes the pause, so the TTC recorded on resuming is the TTC at the moment of the pause.
 */
export function recordPending(
  ctx: ServiceContext,
  ws: OpenWorkspace,
  drillId: string,
  verified: { containment: LiveFireContainment | null; recovery: LiveFireRecovery | null },
): void {
  const { state } = loadDrill(ctx, ws, drillId);
  if (state.status !== 'running') return;
  if (verified.containment?.verified && !state.checkpoints.contained) recordContainment(ctx, ws, drillId, verified.containment);
  if (verified.recovery && !loadDrill(ctx, ws, drillId).state.checkpoints.recovered) recordRecovery(ctx, ws, drillId, verified.recovery);
}
