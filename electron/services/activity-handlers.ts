/** The activity channels (issue 13): import by path or by content, progress, cancel, timeline, summaries, findings. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { rowsWithAppApprovals, summariseByAgent, withAppApprovals, type ActivityRule } from '../../core/activity/index';
import { EVENT_IDS_SHOWN, type activityChannels, type ActivityImportResult, type ActivityProgress } from '../../core/activity/contract';
import { findingEvents, listFindings } from './activity/findings-page';
import { reattributeUnknown } from './activity/reattribute';
import { AppError } from '../../core/common/errors';
import { listApprovals, recordApproval, withdrawApproval } from '../store/activity/approvals';
import { agentTotals, analysedEvents, eventsByIds, listSources, timeline } from '../store/activity/queries';
import { readInventory } from '../store/inventory/snapshot';
import { readSnapshot } from '../store/mutate/index';
import { importActivity, type ImportInput } from './activity/import';
import { behaviourItems } from './activity/scoring-findings';
import { hasActivity } from '../store/activity/behaviour-queries';
import { mutate, type ServiceContext } from './context';
import type { Handlers } from './handler-types';

/** The dashboard lists the most serious first: what went wrong in production, then who is not who they say, then the gaps. */
const DASHBOARD_ORDER: readonly ActivityRule[] = [
  'unapproved-destructive',
  'unknown-actor-production-delete',
  'unknown-actor-delete-rights',
  'outside-grants',
  'credential-two-environments',
  'log-gap',
  'no-log-source',
];

type Job = { controller: AbortController; progress: ActivityProgress };
/** Imports in progress per context and workspace (never module-wide: two contexts in one process stay apart). */
const jobsByContext = new WeakMap<ServiceContext, Map<string, Job>>();
const jobsOf = (ctx: ServiceContext): Map<string, Job> => {
  let jobs = jobsByContext.get(ctx);
  if (!jobs) jobsByContext.set(ctx, (jobs = new Map()));
  return jobs;
};
const idle = (): ActivityProgress => ({ running: false, file: null, bytesRead: 0, totalBytes: 0, filesDone: 0, filesTotal: 0, events: 0 });

async function runImport(ctx: ServiceContext, workspaceId: string, channel: string, inputs: ImportInput[]): Promise<ActivityImportResult> {
  ctx.workspace(workspaceId); // NOT_FOUND before anything starts
  const jobs = jobsOf(ctx);
  if (jobs.get(workspaceId)?.progress.running)
    throw new AppError('CONFLICT', 'An activity import is already running in this workspace; wait for it or cancel it');
  const job: Job = { controller: new AbortController(), progress: { ...idle(), running: true } };
  jobs.set(workspaceId, job);
  try {
    return await importActivity(ctx, workspaceId, channel, inputs, job.progress, job.controller.signal);
  } finally {
    job.progress.running = false;
  }
}

/** A summary row carries the first event ids only; the timeline (destructive in production, by agent) pages the rest. */
const shownIds = <T extends { eventIds: string[] }>(row: T): T => ({ ...row, eventIds: row.eventIds.slice(0, EVENT_IDS_SHOWN) });

const periodOf = (p: { from?: string | undefined; until?: string | undefined }): { from?: string; until?: string } => ({
  ...(p.from === undefined ? {} : { from: new Date(p.from).toISOString() }),
  ...(p.until === undefined ? {} : { until: new Date(p.until).toISOString() }),
});

export const activityHandlers: Handlers<typeof activityChannels> = {
  'activity:import-path': (ctx, { workspaceId, path, format, agentName }) =>
    runImport(ctx, workspaceId, 'activity:import-path', [{ path, ...(format ? { format } : {}), ...(agentName ? { agentName } : {}) }]),

  'activity:import-files': async (ctx, { workspaceId, files, format, agentName }) => {
    // The reader streams from disk, so the browser's files are written to a private temporary folder first.
    const dir = await mkdtemp(join(tmpdir(), 'agent-readiness-activity-'));
    try {
      const inputs: ImportInput[] = [];
      for (const [i, f] of files.entries()) {
        const path = join(dir, `${i}-${basename(f.fileName).replace(/[^\w.-]+/g, '_')}`);
        await writeFile(path, Buffer.from(f.contentBase64, 'base64'), { mode: 0o600 });
        inputs.push({ path, displayPath: f.fileName, ...(format ? { format } : {}), ...(agentName ? { agentName } : {}) });
      }
      return await runImport(ctx, workspaceId, 'activity:import-files', inputs);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  'activity:progress': (ctx, { workspaceId }) => ({ ...(jobsOf(ctx).get(workspaceId)?.progress ?? idle()) }),

  'activity:cancel': (ctx, { workspaceId }) => {
    const job = jobsOf(ctx).get(workspaceId);
    if (!job?.progress.running) return { cancelled: 0 };
    job.controller.abort();
    return { cancelled: 1 };
  },

  'activity:sources': (ctx, { workspaceId }) => listSources(ctx.workspace(workspaceId).db),

  'activity:timeline': (ctx, query) => {
    const db = ctx.workspace(query.workspaceId).db;
    return readSnapshot(db, () => {
      const page = timeline(db, query);
      return { ...page, events: rowsWithAppApprovals(page.events, listApprovals(db)) };
    });
  },

  'activity:events': (ctx, { workspaceId, ids }) => {
    const db = ctx.workspace(workspaceId).db;
    return readSnapshot(db, () => rowsWithAppApprovals(eventsByIds(db, ids), listApprovals(db)));
  },

  'activity:summary': (ctx, { workspaceId, ...period }) => {
    const db = ctx.workspace(workspaceId).db;
    const p = periodOf(period);
    // Counts and times from one aggregate; only the events the destructive and outside-grant columns list are loaded.
    return readSnapshot(db, () => {
      const partial = new Map(
        summariseByAgent(withAppApprovals(analysedEvents(db, p, true), listApprovals(db)), p).map((s) => [s.agentId, s]),
      );
      return agentTotals(db, p)
        .map((t) => ({
          agentId: t.agentId,
          agentName: t.agentName ?? 'Unknown actors',
          events: t.events,
          destructiveInProduction: shownIds(
            partial.get(t.agentId)?.destructiveInProduction ?? { total: 0, approved: 0, denied: 0, eventIds: [] },
          ),
          denied: t.denied,
          firstSeen: t.firstSeen,
          lastSeen: t.lastSeen,
          outsideGrants: (partial.get(t.agentId)?.outsideGrants ?? []).map(shownIds),
        }))
        .sort((x, y) => y.destructiveInProduction.total - x.destructiveInProduction.total || x.agentName.localeCompare(y.agentName));
    });
  },

  'activity:findings': (ctx, { workspaceId, ...period }) => listFindings(ctx.workspace(workspaceId).db, periodOf(period), ctx.now()),

  'activity:finding-events': (ctx, { workspaceId, key, offset, limit, ...period }) =>
    findingEvents(ctx.workspace(workspaceId).db, periodOf(period), ctx.now(), { key, offset, limit }),

  'activity:dashboard': (ctx, { workspaceId, limit }) => {
    const db = ctx.workspace(workspaceId).db;
    const items = readSnapshot(db, () => behaviourItems(db, readInventory(db)));
    const byRule: Record<string, number> = {};
    for (const f of items) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    const order = new Map(DASHBOARD_ORDER.map((r, i) => [r, i]));
    const first = [...items].sort((a, b) => (order.get(a.rule) ?? 99) - (order.get(b.rule) ?? 99)).slice(0, limit);
    return {
      imported: hasActivity(db),
      total: items.length,
      byRule,
      findings: first.map((f) => ({ ...f, controls: [...f.controls], eventIds: f.eventIds.slice(0, 100) })),
    };
  },

  'activity:reattribute': (ctx, { workspaceId }) => reattributeUnknown(ctx, workspaceId, 'activity:reattribute'),

  'activity:approval-record': (ctx, { workspaceId, approvedAt, ...rest }) =>
    mutate(ctx, workspaceId, 'activity:approval-record', (tx) =>
      recordApproval(tx, { ...rest, approvedAt: new Date(approvedAt).toISOString() }),
    ),

  'activity:approval-withdraw': (ctx, { workspaceId, id, note }) =>
    mutate(ctx, workspaceId, 'activity:approval-withdraw', (tx) => withdrawApproval(tx, id, note)),

  'activity:approvals': (ctx, { workspaceId }) => listApprovals(ctx.workspace(workspaceId).db),
};
