/**
 * The live-fire channels (core/drills/live-fire-contract.ts) over the engine. Sessions live in this
 * process (live-fire-registry.ts); verified results go to the drill record (live-fire-record.ts) and
 * to the drill's live-fire record in the store. Sandbox paths never leave the back end: backups are
 * named by file name only.
 */
import { basename } from 'node:path';
import { AppError } from '../../core/common/errors';
import type { liveFireChannels, LiveFireStatus } from '../../core/drills/live-fire-contract';
import { readLiveFireRecord } from '../store/drills/live-fire';
import type { OpenWorkspace } from '../store/workspaces';
import type { ServiceContext } from './context';
import { loadDrill } from './drills-session';
import type { Handlers } from './handler-types';
import { currentSession, endSession, problemOf, requireSession, sandboxSpecOf, startSession, updateRecord } from './live-fire-registry';
import { recordContainment, recordDetection, recordPending, recordRecovery } from './live-fire-record';

export function liveFireStatus(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, afterSeq: number): LiveFireStatus {
  const spec = sandboxSpecOf(ctx, ws, drillId);
  const session = currentSession(ctx, ws, drillId);
  const rec = readLiveFireRecord(ws.db, drillId);
  if (rec && !rec.ended && session) recordPending(ctx, ws, drillId, rec);
  const before = {
    backup: spec.before.backup,
    location: spec.before.location,
    writesAfterBackup: spec.before.writesAfterBackup,
    takenAt: rec?.backup?.takenAt ?? null,
  };
  const common = {
    incidentStartedAt: rec?.incidentStartedAt ?? null,
    before,
    detectedBy: rec?.detectedBy ?? null,
    containment: rec?.containment ?? null,
    recovery: rec?.recovery ?? null,
  };
  if (!session) {
    return {
      ...common,
      phase: rec ? 'ended' : 'not-started',
      problem: problemOf(ctx, ws, drillId) ?? (rec?.ended ? 'The sandbox was removed when the drill ended.' : null),
      rowCounts: [],
      statements: [],
      lastStatementSeq: 0,
      rogue: { pid: rec?.roguePid ?? null, running: false },
      backups: [],
      recheck: null,
    };
  }
  const pre = new Map(session.preIncident.tables.map((t) => [t.table, t.rows]));
  const log = session.sandbox.statementLog();
  const recheck = session.kind === 'resumed' ? (session as import('./live-fire-session').ResumedSession).recheck : null;
  return {
    ...common,
    phase: rec?.containment?.verified ? 'contained' : session.kind === 'resumed' ? 'resumed' : 'running',
    problem: null,
    rowCounts: session.sandbox.customerView().map((r) => ({ table: r.table, visible: r.visible, before: pre.get(r.table) ?? 0 })),
    statements: log
      .filter((e) => e.seq > afterSeq)
      .map((e) => ({
        seq: e.seq,
        wallClock: e.wallClock,
        pid: e.pid,
        action: e.action,
        statement: e.statement,
        outcome: e.outcome,
        rowsChanged: e.rowsChanged,
        message: e.message,
      })),
    lastStatementSeq: log.at(-1)?.seq ?? 0,
    rogue: { pid: session.roguePid, running: session.rogueRunning() },
    backups: session.sandbox
      .listBackups()
      .map((b) => ({ file: basename(b.file), location: b.location, takenAt: b.takenAt, sizeBytes: b.sizeBytes })),
    recheck: recheck
      ? {
          integrity: recheck.integrity,
          rogueRunning: recheck.rogueRunning,
          matchesPreIncident: recheck.againstPreIncident?.matches ?? null,
          rowsLost: recheck.againstPreIncident?.rowsLost ?? 0,
          rowsChanged: recheck.againstPreIncident?.rowsChanged ?? 0,
          rowsExtra: recheck.againstPreIncident?.rowsExtra ?? 0,
        }
      : null,
  };
}

/** Restore and verify need the rogue stopped first: a restore under a live rogue would be damaged again. */
function requireContained(ctx: ServiceContext, ws: OpenWorkspace, drillId: string): void {
  if (!readLiveFireRecord(ws.db, drillId)?.containment?.verified)
    throw new AppError('REFUSED', 'Use the kill switch first: the rogue must be contained (and verified) before a restore.');
}

function verifyNow(ctx: ServiceContext, ws: OpenWorkspace, drillId: string, channel: string, acceptLoss: boolean) {
  const session = requireSession(ctx, ws, drillId);
  const { rec } = loadDrill(ctx, ws, drillId);
  const recovery = session.verify(rec.summary.timeScale, rec.scenario.rpoMinutes ?? null, acceptLoss);
  updateRecord(ctx, ws, drillId, channel, { recovery });
  return { ...recordRecovery(ctx, ws, drillId, recovery), recovery };
}

export const liveFireHandlers: Handlers<typeof liveFireChannels> = {
  'drills:live-fire-start': async (ctx, { workspaceId, drillId }) => {
    const ws = ctx.workspace(workspaceId);
    await startSession(ctx, ws, drillId);
    return liveFireStatus(ctx, ws, drillId, 0);
  },

  'drills:live-fire-status': (ctx, { workspaceId, drillId, afterSeq }) =>
    liveFireStatus(ctx, ctx.workspace(workspaceId), drillId, afterSeq),

  'drills:live-fire-query': async (ctx, { workspaceId, drillId, sql, maxRows }) => {
    const ws = ctx.workspace(workspaceId);
    const session = requireSession(ctx, ws, drillId);
    let r;
    try {
      r = await session.query(sql, maxRows);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw err instanceof AppError ? err : new AppError('REFUSED', message, { issues: [{ path: 'sql', message }] });
    }
    let detected = false;
    if (r.afterDamage && !readLiveFireRecord(ws.db, drillId)?.detectedBy) {
      detected = recordDetection(ctx, ws, drillId, sql).recorded;
      if (detected) updateRecord(ctx, ws, drillId, 'drills:live-fire-query', { detectedBy: { at: ctx.now().toISOString(), sql } });
    }
    return { columns: r.columns, rows: r.rows, truncated: r.truncated, elapsedMs: r.elapsedMs, detected };
  },

  'drills:live-fire-contain': async (ctx, { workspaceId, drillId }) => {
    const ws = ctx.workspace(workspaceId);
    const session = requireSession(ctx, ws, drillId);
    // The kill switch always acts, paused drill or not: safety first, bookkeeping second.
    const containment = await session.contain();
    const prior = readLiveFireRecord(ws.db, drillId)?.containment;
    if (!prior?.verified) updateRecord(ctx, ws, drillId, 'drills:live-fire-contain', { containment });
    return { ...recordContainment(ctx, ws, drillId, containment), containment };
  },

  'drills:live-fire-restore': async (ctx, { workspaceId, drillId, backup, acceptLoss }) => {
    const ws = ctx.workspace(workspaceId);
    const session = requireSession(ctx, ws, drillId);
    requireContained(ctx, ws, drillId);
    try {
      await session.restore(backup);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('REFUSED', (err as Error).message, { issues: [{ path: 'backup', message: (err as Error).message }] });
    }
    return verifyNow(ctx, ws, drillId, 'drills:live-fire-restore', acceptLoss);
  },

  'drills:live-fire-verify': (ctx, { workspaceId, drillId, acceptLoss }) => {
    const ws = ctx.workspace(workspaceId);
    requireContained(ctx, ws, drillId);
    return verifyNow(ctx, ws, drillId, 'drills:live-fire-verify', acceptLoss);
  },

  'drills:live-fire-end': async (ctx, { workspaceId, drillId }) => {
    await endSession(ctx, ctx.workspace(workspaceId), drillId);
    return { ended: true as const };
  },
};
