/**
 * THE one place the report and the exports get their data (issue 5). Each section's source is
 * one function below: scoring and assessments (issue 3), drills and AARs (issue 4), inventory.
 */
import type { ReportAction, ReportDrill, ReportHistoryPoint, ReportInput } from '../../core/report/input';
import { reportScoresFrom } from '../../core/report/from-scoring';
import type { WorkspaceScores } from '../../core/scoring/types';
import { listCorrectiveActions } from '../store/drills/aar';
import { readSnapshot } from '../store/mutate/index';
import { completedDrillReports } from '../store/drills/queries';
import { listDrills } from '../store/drills/records';
import { readInventory } from '../store/inventory/snapshot';
import { readEvidence } from '../store/scoring/answers';
import { assessmentTrendRows, getAssessmentResults, getAssessmentSummary } from '../store/scoring/assessments';
import { activeChecklist, ensureChecklist, getChecklist } from '../store/scoring/checklists';
import { historyHead } from '../store/history/index';
import type { OpenWorkspace } from '../store/workspaces';
import { APP_VERSION } from './version';
import { computeWorkspaceScores } from './scoring-queries';

type Ws = Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>;

/** Scores, findings and checklist: from a finalised assessment when `assessmentId` is given, else the current (draft) state. */
function scoringSection(ws: Ws, now: Date, assessmentId: string | null): Pick<ReportInput, 'scores' | 'findings' | 'checklist' | 'source'> {
  const db = ws.db;
  ensureChecklist(db, now);
  let results: WorkspaceScores;
  let source: ReportInput['source'];
  if (assessmentId) {
    const summary = getAssessmentSummary(db, assessmentId);
    results = getAssessmentResults(db, assessmentId);
    source = { kind: 'assessment', id: summary.id, title: summary.title, finalisedAt: summary.finalisedAt };
  } else {
    results = computeWorkspaceScores(ws as OpenWorkspace, now, { topRisks: 10 });
    source = { kind: 'draft' };
  }
  let checklist = null;
  try {
    checklist = getChecklist(db, results.checklist.id, results.checklist.version).checklist;
  } catch {
    checklist = activeChecklist(db).checklist;
  }
  const evidence = new Map<string, string[]>();
  for (const e of readEvidence(db)) {
    const k = `${e.agentId}\u0000${e.controlId}`;
    const list = evidence.get(k) ?? [];
    list.push(`${e.label} (${e.evidenceDate})`);
    evidence.set(k, list);
  }
  return { ...reportScoresFrom(results, checklist, (a, c) => evidence.get(`${a}\u0000${c}`) ?? []), source };
}

/** Earlier finalised assessments, oldest first, for the trend chart (the report's own point is added by the model). */
function historySection(ws: Ws, assessmentId: string | null): ReportHistoryPoint[] {
  const rows = assessmentTrendRows(ws.db);
  const upTo = assessmentId ? rows.findIndex((r) => r.summary.id === assessmentId) : rows.length;
  return rows.slice(0, upTo < 0 ? rows.length : upTo).map((r) => ({
    label: r.summary.title,
    date: r.summary.finalisedAt.slice(0, 10),
    meanScore: r.rollup.meanScore,
    verdicts: r.summary.verdicts,
  }));
}

/** Completed drills with their frozen measures (TTD/TTC/TTR) and AARs. */
function drillsSection(ws: Ws): ReportDrill[] {
  return completedDrillReports(ws.db).map((d) => ({
    id: d.drill.id,
    title: `${d.scenarioTitle} (${(d.drill.completedAt ?? d.drill.createdAt).slice(0, 10)})`,
    scenario: d.scenarioTitle,
    agents: d.drill.agents.map((a) => a.name),
    status: d.drill.status,
    startedAt: d.drill.startedAt,
    completedAt: d.drill.completedAt,
    ttdMs: d.measures.ttd?.scenarioMs ?? null,
    ttcMs: d.measures.ttc?.scenarioMs ?? null,
    ttrMs: d.measures.ttr?.scenarioMs ?? null,
    aar: d.aar ? { summary: d.aar.summary, wentWell: d.aar.strengths, toImprove: d.aar.improvements } : null,
  }));
}

/** Open corrective actions from AARs. */
function actionsSection(ws: Ws): ReportAction[] {
  const titles = new Map(listDrills(ws.db).map((d) => [d.summary.id, `${d.summary.scenarioTitle} drill`]));
  return listCorrectiveActions(ws.db, { status: 'open' }).map((a) => ({
    id: a.id,
    title: a.title,
    owner: a.owner,
    dueDate: a.dueDate,
    status: a.status,
    source: titles.get(a.drillId) ?? 'Drill',
  }));
}

/** Everything a report or a data export is built from, read in one transaction so it is consistent. */
export function gatherReportInput(ws: Ws, now: Date, assessmentId: string | null = null): ReportInput {
  ensureChecklist(ws.db, now);
  return readSnapshot(ws.db, () => {
    const scoring = scoringSection(ws, now, assessmentId);
    return {
      workspace: { id: ws.id, name: ws.name },
      generatedAt: now.toISOString(),
      appVersion: APP_VERSION,
      inventory: readInventory(ws.db),
      ...scoring,
      history: historySection(ws, assessmentId),
      drills: drillsSection(ws),
      actions: actionsSection(ws),
      changeHistory: historyHead(ws.db),
    };
  });
}
