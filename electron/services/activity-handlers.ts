/** The activity channels (issue 13): import by path or by content, progress, cancel, timeline, summaries, findings. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { activityFindings, rowsWithAppApprovals, summariseByAgent, withAppApprovals } from '../../core/activity/index';
import type { activityChannels, ActivityImportResult, ActivityProgress } from '../../core/activity/contract';
import { AppError } from '../../core/common/errors';
import { listApprovals, recordApproval, withdrawApproval } from '../store/activity/approvals';
import { analysedEvents, eventsByIds, listSources, timeline } from '../store/activity/queries';
import { readInventory } from '../store/inventory/snapshot';
import { readSnapshot } from '../store/mutate/index';
import { importActivity, type ImportInput } from './activity/import';
import { LOG_GAP_MAX_MS } from './activity/scoring-findings';
import { mutate, type ServiceContext } from './context';
import type { Handlers } from './handler-types';

/** A gap between two events of one agent longer than this, inside a reviewed period, is a log-gap finding (LOG-1, LOG-3). */
export { LOG_GAP_MAX_MS };

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
    return summariseByAgent(
      readSnapshot(db, () => withAppApprovals(analysedEvents(db, periodOf(period)), listApprovals(db))),
      periodOf(period),
    );
  },

  'activity:findings': (ctx, { workspaceId, ...period }) => {
    const db = ctx.workspace(workspaceId).db;
    const p = periodOf(period);
    const { analysed, inventory } = readSnapshot(db, () => {
      const inv = readInventory(db);
      const gates = new Map(inv.grants.map((g) => [g.id, g.approvalGate]));
      return { analysed: withAppApprovals(analysedEvents(db, p, false, gates), listApprovals(db)), inventory: inv };
    });
    const reviewed = p.from !== undefined ? { from: p.from, until: p.until ?? ctx.now().toISOString() } : undefined;
    return activityFindings(analysed, inventory, reviewed ? { maxGapMs: LOG_GAP_MAX_MS, period: reviewed } : {}).map((f) => ({
      ...f,
      controls: [...f.controls],
    }));
  },

  'activity:approval-record': (ctx, { workspaceId, approvedAt, ...rest }) =>
    mutate(ctx, workspaceId, 'activity:approval-record', (tx) =>
      recordApproval(tx, { ...rest, approvedAt: new Date(approvedAt).toISOString() }),
    ),

  'activity:approval-withdraw': (ctx, { workspaceId, id, note }) =>
    mutate(ctx, workspaceId, 'activity:approval-withdraw', (tx) => withdrawApproval(tx, id, note)),

  'activity:approvals': (ctx, { workspaceId }) => listApprovals(ctx.workspace(workspaceId).db),
};
