import { AppError } from '../../core/common/errors';
import type { scoringChannels } from '../../core/scoring/contract';
import { compareScores, type ScoresComparison } from '../../core/scoring/compare';
import { scoreWorkspace } from '../../core/scoring/engine';
import type { WorkspaceScores } from '../../core/scoring/types';
import { newId } from '../store/ids';

import {
  assessmentTrendRows,
  getAssessmentResults,
  getAssessmentSummary,
  insertAssessment,
  latestAssessment,
  listAssessments,
} from '../store/scoring/assessments';
import type { OpenWorkspace } from '../store/workspaces';
import { freezeAssessment } from './assessment-snapshot';
import { mutate, type ServiceContext } from './context';
import type { Handlers } from './handler-types';
import { computeWorkspaceScores, scoringInputFor } from './scoring-queries';
import { dashboardAgents, scoreAgentsHandlers } from './score-agents';

type Ch = Pick<
  typeof scoringChannels,
  | 'score:dashboard'
  | 'score:agents'
  | 'score:average'
  | 'assessment:current'
  | 'assessment:finalise'
  | 'assessment:list'
  | 'assessment:get'
  | 'assessment:compare'
  | 'assessment:trends'
>;

const resultsFor = (ctx: ServiceContext, ws: OpenWorkspace, side: string): WorkspaceScores =>
  side === 'current' ? computeWorkspaceScores(ws, ctx.now()) : getAssessmentResults(ws.db, side);

/** Keep only agents whose score, verdict or controls changed (the dashboard's "what changed"). */
const changedOnly = (c: ScoresComparison, limit: number): ScoresComparison => ({
  ...c,
  agents: c.agents.filter((a) => a.direction !== 'unchanged' || a.verdictBefore !== a.verdictAfter || a.changes.length > 0).slice(0, limit),
});

/** The comparison with the last assessment, recomputed only when the current scores object changes. */
const sinceCache = new WeakMap<OpenWorkspace['db'], { lastId: string; current: WorkspaceScores; value: ScoresComparison }>();
function sinceLastFor(ws: OpenWorkspace, lastId: string, current: WorkspaceScores): ScoresComparison {
  const hit = sinceCache.get(ws.db);
  if (hit && hit.lastId === lastId && hit.current === current) return hit.value;
  const value = changedOnly(compareScores(getAssessmentResults(ws.db, lastId), current), 50);
  sinceCache.set(ws.db, { lastId, current, value });
  return value;
}

/** Roll-ups and one line per agent; the full result of one agent when asked. */
function view(r: WorkspaceScores, agentId: string | undefined) {
  const agent = agentId ? r.agents.find((a) => a.agentId === agentId) : undefined;
  if (agentId && !agent) throw new AppError('NOT_FOUND', 'This agent is not part of that assessment.');
  return {
    checklist: r.checklist,
    asOf: r.asOf,
    workspace: r.workspace,
    workflows: r.workflows,
    topRisks: r.topRisks,
    agents: r.agents.map((a) => ({
      agentId: a.agentId,
      agentName: a.agentName,
      lifecycle: a.lifecycle,
      score: a.score,
      verdict: a.verdict,
      capReasons: a.capReasons,
      openFindings: a.openFindings,
      blastRadius: a.blastRadius,
    })),
    agent: agent ?? null,
  };
}

export const assessmentHandlers: Handlers<Ch> = {
  'score:dashboard': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const current = computeWorkspaceScores(ws, ctx.now());
    const last = latestAssessment(ws.db);
    const sinceLast = last ? sinceLastFor(ws, last.id, current) : null;
    // Only what the first paint shows: the all-agents table pages through score:agents.
    const { notReady, topRiskCaps } = dashboardAgents(ws, current, last?.id ?? null);
    return {
      checklist: current.checklist,
      asOf: current.asOf,
      workspace: current.workspace,
      workflows: current.workflows,
      notReady,
      topRisks: current.topRisks,
      topRiskCaps,
      lastAssessment: last,
      sinceLast,
    };
  },
  ...scoreAgentsHandlers,
  'assessment:current': (ctx, input) => view(computeWorkspaceScores(ctx.workspace(input.workspaceId), ctx.now()), input.agentId),
  'assessment:finalise': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const now = ctx.now();
    return mutate(ctx, ws.id, 'assessment:finalise', (tx) => {
      const inputs = scoringInputFor(ws, now);
      if (inputs.checklist.id !== input.checklistId || inputs.checklist.version !== input.checklistVersion) {
        throw new AppError(
          'CONFLICT',
          `The checklist changed to version ${inputs.checklist.version} while you were reviewing. Reload and finalise again; nothing was saved.`,
          {
            issues: [{ path: 'checklistVersion', message: `Stale checklist version ${input.checklistVersion}.` }],
          },
        );
      }
      const results = scoreWorkspace(inputs);
      const summary = insertAssessment(tx, {
        id: newId(),
        title: input.title,
        finalisedBy: input.finalisedBy,
        finalisedAt: now.toISOString(),
        inputs,
        results,
      });
      // Same transaction: the frozen report sources are exactly the data these scores came from.
      freezeAssessment(tx, ws, summary, inputs.checklist);
      return summary;
    });
  },
  'assessment:list': (ctx, input) => listAssessments(ctx.workspace(input.workspaceId).db),
  'assessment:get': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    return { summary: getAssessmentSummary(ws.db, input.id), ...view(getAssessmentResults(ws.db, input.id), input.agentId) };
  },
  'assessment:compare': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    // Unchanged agents are left out (the counts still cover everyone): at 10k agents the full list is noise.
    return changedOnly(compareScores(resultsFor(ctx, ws, input.from), resultsFor(ctx, ws, input.to)), Number.MAX_SAFE_INTEGER);
  },
  'assessment:trends': (ctx, input) => {
    const ws = ctx.workspace(input.workspaceId);
    const points = assessmentTrendRows(ws.db).map(({ summary, rollup, agentScores }) => ({
      label: summary.title,
      assessmentId: summary.id as string | null,
      date: summary.finalisedAt.slice(0, 10),
      meanScore: rollup.meanScore,
      areas: Object.fromEntries(rollup.areas.map((a) => [a.area, a.score])),
      agentScore: input.agentId ? (agentScores[input.agentId] ?? null) : null,
      verdicts: rollup.verdicts,
    }));
    const now = computeWorkspaceScores(ws, ctx.now());
    const agent = input.agentId ? now.agents.find((a) => a.agentId === input.agentId) : undefined;
    points.push({
      label: 'Now (not finalised)',
      assessmentId: null,
      date: now.asOf,
      meanScore: now.workspace.meanScore,
      areas: Object.fromEntries(now.workspace.areas.map((a) => [a.area, a.score])),
      agentScore: agent?.score ?? null,
      verdicts: now.workspace.verdicts,
    });
    return points;
  },
};
