/**
 * THE one place the report and the exports get their data (issue 5). A draft reads everything live;
 * a finalised assessment's report reads its frozen snapshot (issue 11, section 3), so it is the same
 * whatever happens after finalising. Both go through `assemble`, the only mapping to ReportInput.
 */
import type { Checklist } from '../../core/checklist/schema';
import type { ReportInput, ReportProvenance } from '../../core/report/input';
import { reportScoresFrom } from '../../core/report/from-scoring';
import type { ReportSources } from '../../core/report/snapshot';
import type { WorkspaceScores } from '../../core/scoring/types';
import { readSnapshot } from '../store/mutate/index';
import { assessmentTrendRows, getAssessmentResults, getAssessmentSummary } from '../store/scoring/assessments';
import { activeChecklist, ensureChecklist, getChecklist } from '../store/scoring/checklists';
import { historyHead } from '../store/history/index';
import type { OpenWorkspace } from '../store/workspaces';
import { readFrozenAssessment } from './assessment-snapshot';
import { liveReportSources } from './report-sources';
import { APP_VERSION } from './version';
import { computeWorkspaceScores } from './scoring-queries';

type Ws = Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>;

/** The checklist the scores were computed against, or the active one when that version is gone. */
function checklistOf(ws: Ws, results: WorkspaceScores): Checklist | null {
  try {
    return getChecklist(ws.db, results.checklist.id, results.checklist.version).checklist;
  } catch {
    return activeChecklist(ws.db).checklist;
  }
}

/** Scores + sources -> the report's input. Pure apart from the arguments: same data, same input. */
function assemble(
  ws: Ws,
  now: Date,
  results: WorkspaceScores,
  sources: ReportSources,
  source: ReportInput['source'],
  provenance: ReportProvenance,
): ReportInput {
  const evidence = new Map<string, string[]>();
  for (const e of sources.evidence) {
    const k = `${e.agentId}\u0000${e.controlId}`;
    (evidence.get(k) ?? evidence.set(k, []).get(k)!).push(`${e.label} (${e.evidenceDate})`);
  }
  const answers = new Map(sources.answers.map((a) => [`${a.agentId}\u0000${a.controlId}`, a]));
  const scoring = reportScoresFrom(
    results,
    sources.checklist,
    (a, c) => evidence.get(`${a}\u0000${c}`) ?? [],
    (a, c) => answers.get(`${a}\u0000${c}`),
  );
  return {
    workspace: { id: ws.id, name: ws.name },
    generatedAt: now.toISOString(),
    appVersion: APP_VERSION,
    inventory: sources.inventory,
    ...scoring,
    source,
    provenance,
    history: sources.history,
    drills: sources.drills,
    actions: sources.actions,
    actionsClosedSince: lastAssessmentBefore(ws, source.kind === 'assessment' ? source.id : null),
    // A frozen report prints the head frozen with it (reproducible); a draft or reconstructed one, today's.
    changeHistory:
      provenance.kind === 'frozen'
        ? { count: provenance.historyHead?.entries ?? 0, head: provenance.historyHead?.hash ?? null }
        : historyHead(ws.db),
    evidenceFiles: sources.evidence.flatMap((e) =>
      e.kind === 'file' && e.fileName && e.sha256 && e.check
        ? [
            {
              id: e.id,
              agentId: e.agentId,
              controlId: e.controlId,
              fileName: e.fileName,
              sha256: e.sha256,
              evidenceDate: e.evidenceDate,
              check: e.check,
            },
          ]
        : [],
    ),
  };
}

/** The finalised time of the last assessment before this report (the one it is, for an assessment's report: the one before). */
function lastAssessmentBefore(ws: Ws, assessmentId: string | null): string | null {
  const rows = assessmentTrendRows(ws.db);
  const upTo = assessmentId ? rows.findIndex((r) => r.summary.id === assessmentId) : rows.length;
  const before = rows.slice(0, upTo < 0 ? rows.length : upTo);
  return before.at(-1)?.summary.finalisedAt ?? null;
}

/** Everything a report or a data export is built from, read in one transaction so it is consistent. */
export function gatherReportInput(ws: Ws, now: Date, assessmentId: string | null = null): ReportInput {
  ensureChecklist(ws.db, now);
  return readSnapshot(ws.db, () => {
    if (!assessmentId) {
      const results = computeWorkspaceScores(ws as OpenWorkspace, now, { topRisks: 10 });
      const sources = liveReportSources(ws, checklistOf(ws, results), null, false, now);
      return assemble(ws, now, results, sources, { kind: 'draft' }, { kind: 'live' });
    }
    const summary = getAssessmentSummary(ws.db, assessmentId);
    const source = { kind: 'assessment' as const, id: summary.id, title: summary.title, finalisedAt: summary.finalisedAt };
    const frozen = readFrozenAssessment(ws, assessmentId);
    const results = getAssessmentResults(ws.db, assessmentId);
    if (!frozen) {
      // Finalised before snapshots existed: only the scores are frozen; the rest cannot be recovered as it was.
      return assemble(ws, now, results, liveReportSources(ws, checklistOf(ws, results), assessmentId, false, now), source, {
        kind: 'reconstructed',
      });
    }
    const provenance: ReportProvenance = {
      kind: 'frozen',
      snapshotSha256: frozen.sha256,
      frozenAt: frozen.frozenAt,
      historyHead: frozen.snapshot.historyHead,
    };
    return assemble(ws, now, results, frozen.snapshot.sources, source, provenance);
  });
}
