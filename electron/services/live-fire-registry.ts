/**
 * The live-fire drills this process holds: one session per drill (keyed by workspace file and drill
 * id, per service context), started with the drill or re-opened after a restart. A context's rogues
 * are SIGKILLed when it closes (app quit); the sandboxes stay, so the restarted app can re-check them.
 * The engine's own exit hook and the rogue's IPC-close rule cover a crash.
 */
import { AppError } from '../../core/common/errors';
import { SandboxSpec } from '../../core/drills/live-fire';
import { readLiveFireRecord, saveLiveFireRecord, updateLiveFireRecord, type LiveFireRecord } from '../store/drills/live-fire';
import type { OpenWorkspace } from '../store/workspaces';
import { mutate, type ServiceContext } from './context';
import { loadDrill } from './drills-session';
import { childScriptsIn, LiveFireDrill, recheckSandbox } from './live-fire/index';
import { LiveSession, ResumedSession, type LiveFireSession } from './live-fire-session';

type Registry = { sessions: Map<string, LiveFireSession>; starting: Map<string, Promise<LiveFireSession>>; problems: Map<string, string> };

const byContext = new WeakMap<ServiceContext, Registry>();

function registry(ctx: ServiceContext): Registry {
  let r = byContext.get(ctx);
  if (!r) {
    const reg: Registry = { sessions: new Map(), starting: new Map(), problems: new Map() };
    ctx.onClose(() => {
      for (const s of reg.sessions.values()) s.killNow();
      reg.sessions.clear();
    });
    byContext.set(ctx, reg);
    r = reg;
  }
  return r;
}

const keyOf = (ws: OpenWorkspace, drillId: string) => `${ws.file}\u0000${drillId}`;

/** The drill's scenario sandbox block, or REFUSED when the scenario has none. */
export function sandboxSpecOf(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): SandboxSpec {
  const { rec } = loadDrill(ctx, ws, drillId);
  if (!rec.scenario.sandbox) throw new AppError('REFUSED', 'This scenario has no sandbox: it runs as a tabletop drill.');
  return SandboxSpec.parse(rec.scenario.sandbox);
}

/** Starts the drill's sandbox and rogue, once (a second call while starting gets the same session). */
export async function startSession(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): Promise<LiveFireSession> {
  const reg = registry(ctx);
  const key = keyOf(ws, drillId);
  const have = reg.sessions.get(key);
  if (have) return have;
  const pending = reg.starting.get(key);
  if (pending) return pending;
  const spec = sandboxSpecOf(ctx, ws, drillId);
  const { rec, state } = loadDrill(ctx, ws, drillId);
  if (state.status !== 'running') throw new AppError('REFUSED', 'Start the drill (and resume it if paused) before the sandbox.');
  if (readLiveFireRecord(ws.db, drillId)) throw new AppError('REFUSED', 'This drill already had its live-fire sandbox: it runs once.');
  if (!ctx.liveFireDist)
    throw new AppError('REFUSED', 'Live-fire drills are not available from this door (no rogue process can be started).');
  const scripts = childScriptsIn(ctx.liveFireDist);
  const starting = (async (): Promise<LiveFireSession> => {
    const drill = await LiveFireDrill.start({ sandbox: spec, timeScale: rec.summary.timeScale, scripts, now: ctx.now });
    const session = new LiveSession(drill);
    try {
      mutate(ctx, ws.id, 'drills:live-fire-start', (tx) =>
        saveLiveFireRecord(tx, drillId, {
          root: drill.sandbox.layout.root,
          sandboxId: drill.sandbox.layout.id,
          roguePid: session.roguePid,
          incidentStartedAt: drill.incidentStartedAt.toISOString(),
          backup: drill.backup,
          detectedBy: null,
          containment: null,
          recovery: null,
          ended: false,
        }),
      );
    } catch (err) {
      await drill.end(); // not on record: nothing may keep running
      throw err;
    }
    reg.sessions.set(key, session);
    return session;
  })();
  reg.starting.set(key, starting);
  try {
    return await starting;
  } finally {
    reg.starting.delete(key);
  }
}

/**
 * The drill's session, re-opening (and re-checking) the sandbox after a restart. Null when the drill has
 * no live-fire record, or its sandbox ended or cannot be used (`problemOf` says why).
 */
export function currentSession(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): LiveFireSession | null {
  const reg = registry(ctx);
  const key = keyOf(ws, drillId);
  const have = reg.sessions.get(key);
  if (have) return have;
  const rec = readLiveFireRecord(ws.db, drillId);
  if (!rec || rec.ended || reg.problems.has(key)) return null;
  try {
    const spec = sandboxSpecOf(ctx, ws, drillId);
    const recheck = recheckSandbox(rec.root, rec.sandboxId, spec, rec.roguePid, ctx.now());
    if (!recheck.preIncident) throw new Error('its pre-incident snapshot is missing or unreadable');
    const session = new ResumedSession(recheck, recheck.preIncident, new Date(rec.incidentStartedAt), rec.roguePid, rec.backup);
    reg.sessions.set(key, session);
    return session;
  } catch (err) {
    reg.problems.set(key, `The sandbox could not be re-opened after the restart: ${(err as Error).message}`);
    return null;
  }
}

export const problemOf = (ctx: ServiceContext, ws: OpenWorkspace, drillId: string): string | null =>
  registry(ctx).problems.get(keyOf(ws, drillId)) ?? null;

/** The session, or REFUSED with what to do. */
export function requireSession(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): LiveFireSession {
  const s = currentSession(ctx, ws, drillId);
  if (s) return s;
  const rec = readLiveFireRecord(ws.db, drillId);
  throw new AppError(
    'REFUSED',
    problemOf(ctx, ws, drillId) ??
      (rec?.ended ? 'The live-fire sandbox of this drill has ended.' : 'The live-fire sandbox has not started: start the drill first.'),
  );
}

export function updateRecord(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, channel: string, patch: Partial<LiveFireRecord>) {
  return mutate(ctx, ws.id, channel, (tx) => updateLiveFireRecord(tx, drillId, patch));
}

/** Ends the drill's sandbox: the rogue is killed and the folder removed; the record keeps the results. */
export async function endSession(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): Promise<void> {
  const reg = registry(ctx);
  const key = keyOf(ws, drillId);
  await reg.starting.get(key)?.catch(() => undefined);
  const s = reg.sessions.get(key) ?? currentSession(ctx, ws, drillId);
  reg.sessions.delete(key);
  if (s) await s.end(false);
  if (readLiveFireRecord(ws.db, drillId)) updateRecord(ctx, ws, drillId, 'drills:live-fire-end', { ended: true });
}
