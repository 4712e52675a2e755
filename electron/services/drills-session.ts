/**
 * Live drill sessions: monotonic time in the back end and the append path.
 *
 * Time model
 * - When a drill starts, the service anchors it to the process's monotonic clock
 *   (ctx.monotonicMs, performance.now): offset = anchorOffset + (monotonicNow - anchorMono).
 *   The wall clock (ctx.now) is stored beside each event for people, never used for durations.
 * - The anchor lives in memory only. After a crash or restart the drill has no anchor: it is
 *   offered for resumption, and new events are refused until it is resumed. Resuming records an
 *   `app-gap` event (with the wall-clock length of the gap, an estimate, since the monotonic clock
 *   did not survive) and re-anchors so offsets continue from the last moment the drill was known
 *   to be running: its last event, or its last heartbeat (written by each drills:tick while the
 *   runner is open) if later. The time the app was down is excluded from measured durations,
 *   like a pause, and shown as a gap.
 * - Each event is committed in its own transaction before the call returns (synchronous=FULL).
 */
import { AppError } from '../../core/common/errors';
import type { DrillEvent, EventBodyInput } from '../../core/drills/events';
import { applyEvent, measuredMsAt, replay, type DrillSetup, type DrillState } from '../../core/drills/machine';
import { computeMeasures } from '../../core/drills/measures';
import type { DrillView } from '../../core/drills/model';
import { dueInjects, nextInject } from '../../core/drills/scheduler';
import type { OpenWorkspace } from '../store/workspaces';
import { getAar } from '../store/drills/aar';
import { readSnapshot } from '../store/mutate/index';
import {
  appendEvent,
  clearAlive,
  drillHead,
  getDrill,
  listEvents,
  readAlive,
  recordAlive,
  type DrillRecord,
} from '../store/drills/records';
import { mutate, type ServiceContext } from './context';
import { sharedClockOffset } from './drills-shared-clock';

type Anchor = { mono: number; offset: number };
/** A drill as last read or written by this process, valid while its connection, last seq and status are unchanged. */
type Cached = {
  db: OpenWorkspace['db'];
  lastSeq: number;
  status: DrillState['status'];
  rec: DrillRecord;
  state: DrillState;
  setup: DrillSetup;
};
type Sessions = { anchors: Map<string, Anchor>; cache: Map<string, Cached>; heartbeat: Map<string, number> };

// Keyed by the context's workspaces, not the context: the team server makes one context per request
// over the same open workspaces, and a drill's anchor must outlive the request that started it.
const byWorkspaces = new WeakMap<ServiceContext['workspaces'], Sessions>();
function sessions(ctx: ServiceContext): Sessions {
  let s = byWorkspaces.get(ctx.workspaces);
  if (!s) {
    s = { anchors: new Map(), cache: new Map(), heartbeat: new Map() };
    byWorkspaces.set(ctx.workspaces, s);
  }
  return s;
}

const keyOf = (ws: OpenWorkspace, drillId: string): string => `${ws.file}\u0000${drillId}`;

/** The drill's anchor in this process; on a team server, taken from the database when another instance runs the drill. */
function anchorOf(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, state: DrillState): Anchor | null {
  const anchors = sessions(ctx).anchors;
  const key = keyOf(ws, drillId);
  const own = anchors.get(key);
  if (own || !ctx.team) return own ?? null;
  const offset = sharedClockOffset(ws.db, drillId, state, ctx.now());
  if (offset === null) return null;
  const taken = { mono: ctx.monotonicMs(), offset };
  anchors.set(key, taken);
  return taken;
}

/** Whether this process holds (or, on a team server, can take) a monotonic anchor for the drill (false after a restart). */
export const hasAnchor = (ctx: ServiceContext, ws: OpenWorkspace, drillId: string): boolean =>
  sessions(ctx).anchors.has(keyOf(ws, drillId)) ||
  (ctx.team !== undefined && anchorOf(ctx, ws, drillId, loadDrill(ctx, ws, drillId).state) !== null);

/** Whether a copy still matches the database: one indexed read (status and last seq); NOT_FOUND if the drill is gone. */
function isCurrent(ws: OpenWorkspace, drillId: string, c: Cached): boolean {
  const head = drillHead(ws.db, drillId);
  return c.lastSeq === head.lastSeq && c.status === head.status;
}

/**
 * The drill's record and replayed state. Cached per drill: one indexed read (status and last seq)
 * checks the copy, and the record is read and the events replayed again only when another window
 * or process moved the drill on (or the workspace was reopened).
 */
export function loadDrill(
  ctx: ServiceContext,
  ws: OpenWorkspace,
  drillId: string,
): { rec: DrillRecord; setup: DrillSetup; state: DrillState } {
  const key = keyOf(ws, drillId);
  const cached = sessions(ctx).cache.get(key);
  if (cached && cached.db === ws.db && isCurrent(ws, drillId, cached)) return cached;
  drillHead(ws.db, drillId); // NOT_FOUND for an unknown (or discarded) drill
  // One read transaction: the record and the events come from the same snapshot.
  const fresh = readSnapshot(ws.db, (): Cached => {
    const rec = getDrill(ws.db, drillId);
    const setup: DrillSetup = { scenario: rec.scenario, timeScale: rec.summary.timeScale };
    const state = replay(setup, listEvents(ws.db, drillId));
    return { db: ws.db, lastSeq: state.lastSeq, status: rec.summary.status, rec, setup, state };
  });
  sessions(ctx).cache.set(key, fresh);
  return fresh;
}

/** Current offset from T0 (ms), or null when the drill has no anchor in this process. */
function offsetNow(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, state: DrillState): number | null {
  const a = anchorOf(ctx, ws, drillId, state);
  if (!a) return null;
  return Math.max(state.lastOffsetMs, Math.round(a.offset + (ctx.monotonicMs() - a.mono)));
}

const NEEDS_RESUME =
  'The app stopped while this drill was running. Resume it first: the time the app was down is recorded as a gap and the clock continues from the last moment the drill was seen running.';

type Loaded = { rec: DrillRecord; setup: DrillSetup; state: DrillState };
type Written = { event: DrillEvent; state: DrillState; monoAtStamp: number; offset: number };

/** Stamps the event on `from`, runs the state machine and commits it. Throws (having written nothing) when refused or when the row cannot be written. */
function stampAndWrite(
  ctx: ServiceContext,
  ws: OpenWorkspace,
  drillId: string,
  from: Loaded,
  body: EventBodyInput,
  opts: { gap?: number },
): Written {
  const { setup, state } = from;
  let offset: number;
  if (state.status === 'setup' && body.type === 'start') {
    offset = 0;
  } else if (opts.gap !== undefined) {
    offset = Math.max(state.lastOffsetMs, opts.gap);
  } else {
    const o = state.status === 'completed' || state.status === 'setup' ? state.lastOffsetMs : offsetNow(ctx, ws, drillId, state);
    if (o === null) throw new AppError('REFUSED', NEEDS_RESUME, { details: { needsResume: true } });
    offset = o;
  }
  // Read the monotonic clock before the commit, so T0 (and a re-anchor) is the moment of the action, not after the fsync.
  const monoAtStamp = ctx.monotonicMs();
  const stamp = { seq: state.lastSeq + 1, monotonicMs: offset, wallClock: ctx.now().toISOString() };
  const r = applyEvent(setup, state, stamp, body);
  if (!r.ok) throw new AppError('REFUSED', r.message, r.field ? { issues: [{ path: r.field, message: r.message }] } : {});
  const measures = r.state.status === 'completed' ? computeMeasures(setup, r.state) : undefined;
  mutate(ctx, ws.id, 'drills:append', (tx) =>
    appendEvent(tx, drillId, r.event, state.status, r.state.status, measures ? { measures } : {}),
  );
  return { event: r.event, state: r.state, monoAtStamp, offset };
}

/**
 * Stamp and append one event. Refused events record nothing and throw REFUSED with the
 * state machine's message.
 *
 * The drill's in-memory copy is used without reading the database first. A copy that another
 * window or process has moved on cannot write anything: the next seq is taken (PRIMARY KEY; seqs
 * have no holes) or the drill is gone (FOREIGN KEY). So when the attempt fails, refusals included,
 * the copy is checked against the database, and if it was out of date the event is stamped and
 * tried once more on a fresh copy.
 */
export function appendDrillEvent(
  ctx: ServiceContext,
  ws: OpenWorkspace,
  drillId: string,
  body: EventBodyInput,
  opts: { gap?: number } = {},
): DrillEvent {
  const key = keyOf(ws, drillId);
  const copy = sessions(ctx).cache.get(key);
  let from: Loaded = copy && copy.db === ws.db ? copy : loadDrill(ctx, ws, drillId);
  let w: Written;
  try {
    w = stampAndWrite(ctx, ws, drillId, from, body, opts);
  } catch (err) {
    if (!copy || from !== copy || isCurrent(ws, drillId, copy)) throw err;
    from = loadDrill(ctx, ws, drillId);
    w = stampAndWrite(ctx, ws, drillId, from, body, opts);
  }
  // Committed. The record's row changes only with the status (started, paused, completed...): read it again then.
  // A correction of a completed drill rewrites its frozen measures: read the record again then too.
  const moved = w.state.status !== from.state.status || (w.event.type === 'correction' && w.state.status === 'completed');
  sessions(ctx).cache.set(key, {
    db: ws.db,
    lastSeq: w.state.lastSeq,
    status: w.state.status,
    rec: moved ? getDrill(ws.db, drillId) : from.rec,
    state: w.state,
    setup: from.setup,
  });
  if (body.type === 'start') sessions(ctx).anchors.set(key, { mono: w.monoAtStamp, offset: 0 });
  if (opts.gap !== undefined) sessions(ctx).anchors.set(key, { mono: w.monoAtStamp, offset: w.offset });
  if (w.state.status === 'completed') {
    sessions(ctx).anchors.delete(key);
    mutate(ctx, ws.id, 'drills:complete', (tx) => clearAlive(tx, drillId));
  }
  return w.event;
}

/** Release every inject that is due on the schedule (each its own committed event). */
export function releaseDueInjects(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): number {
  const { setup, state } = loadDrill(ctx, ws, drillId);
  if (state.status !== 'running') return 0;
  const off = offsetNow(ctx, ws, drillId, state);
  if (off === null) return 0;
  // Heartbeat at most once a second of drill time (the runner may poll faster at high time scales).
  const hb = sessions(ctx).heartbeat;
  const key = keyOf(ws, drillId);
  if (off - (hb.get(key) ?? Number.NEGATIVE_INFINITY) >= 1000) {
    mutate(ctx, ws.id, 'drills:tick', (tx) => recordAlive(tx, drillId, off, tx.now.toISOString()));
    hb.set(key, off);
  }
  const due = dueInjects(setup, state, measuredMsAt(state, off));
  for (const i of due) appendDrillEvent(ctx, ws, drillId, { type: 'inject', payload: { injectId: i.id, action: 'released' } });
  return due.length;
}

/** Resume after a restart: records the app gap and re-anchors. Idempotent while anchored. */
export function resumeDrill(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): void {
  const { state } = loadDrill(ctx, ws, drillId);
  if (state.status !== 'running' && state.status !== 'paused')
    throw new AppError('REFUSED', state.status === 'completed' ? 'This drill is completed.' : 'This drill has not started yet.');
  if (hasAnchor(ctx, ws, drillId)) return;
  const now = ctx.now();
  // The app was seen running up to its last event, or up to its last heartbeat if that is later.
  const alive = readAlive(ws.db, drillId);
  const seen =
    alive && alive.offsetMs > state.lastOffsetMs && state.status === 'running'
      ? alive
      : { offsetMs: state.lastOffsetMs, wallClock: state.lastWallClock ?? now.toISOString() };
  const wallGapMs = Math.max(0, Math.round(now.getTime() - Date.parse(seen.wallClock)) || 0);
  // Appending the gap also re-anchors the drill at the gap's offset.
  appendDrillEvent(
    ctx,
    ws,
    drillId,
    { type: 'app-gap', payload: { wallGapMs, lastWallClock: seen.wallClock, resumedWallClock: now.toISOString() } },
    { gap: seen.offsetMs },
  );
}

/**
 * The drill's participants, for stamping an entry's author. They are fixed once the drill exists
 * (the SQL refuses to change them after the start, and a drill id is never reused), so any copy this
 * process holds answers without a read; only a drill it has never seen is loaded (NOT_FOUND if none).
 * A copy of a drill discarded meanwhile still answers, and the append that follows then fails on it.
 */
export function drillParticipants(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): DrillRecord['summary'] {
  const c = sessions(ctx).cache.get(keyOf(ws, drillId));
  return (c && c.db === ws.db ? c : loadDrill(ctx, ws, drillId)).rec.summary;
}

/**
 * The drill as this process just wrote it, without reading the database again: for the view
 * returned by the call that appended (same synchronous call, so nothing else ran in between).
 */
export function justWritten(
  ctx: ServiceContext,
  ws: OpenWorkspace,
  drillId: string,
): { rec: DrillRecord; setup: DrillSetup; state: DrillState } {
  const c = sessions(ctx).cache.get(keyOf(ws, drillId));
  return c && c.db === ws.db ? c : loadDrill(ctx, ws, drillId);
}

/** The runner's view of a drill (of `loaded` when the caller has just loaded or written it). */
export function drillView(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, loaded = loadDrill(ctx, ws, drillId)): DrillView {
  const { rec, setup, state } = loaded;
  const live = state.status === 'running' || state.status === 'paused';
  const needsResume = live && anchorOf(ctx, ws, drillId, state) === null;
  const nowOffsetMs = state.completedAtMs ?? (live ? (offsetNow(ctx, ws, drillId, state) ?? state.lastOffsetMs) : state.lastOffsetMs);
  const measuredMs = measuredMsAt(state, nowOffsetMs);
  const measures = rec.frozenMeasures ?? computeMeasures(setup, state, nowOffsetMs);
  const next = nextInject(setup, state, measuredMs);
  return {
    drill: rec.summary,
    scenario: rec.scenario,
    fallbacks: rec.fallbacks,
    state,
    measures,
    clock: { nowOffsetMs, measuredMs, scenarioMs: measuredMs * setup.timeScale, running: state.status === 'running' && !needsResume },
    nextInject: next
      ? { id: next.id, title: next.title, at: next.at, dueInMeasuredMs: Math.max(0, next.dueMeasuredMs - measuredMs) }
      : null,
    needsResume,
    aar: state.status === 'completed' ? getAar(ws.db, drillId) : null,
  };
}
