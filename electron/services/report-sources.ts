/**
 * What a report reads besides the scores, read live (issue 11, section 3). A draft report uses it
 * directly; finalising an assessment stores its result as the frozen snapshot, so a finalised
 * report and a draft are built by the very same code from the same shape of data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Checklist } from '../../core/checklist/schema';
import type { ReportAction, ReportDrill, ReportHistoryPoint } from '../../core/report/input';
import type { ReportSources, SnapshotEvidence } from '../../core/report/snapshot';
import { ACTION_STATUS_LABELS, closedAt } from '../../core/actions/model';
import { listActionRows } from '../store/actions/queries';
import { completedDrillReports } from '../store/drills/queries';
import { readInventory } from '../store/inventory/snapshot';
import { readAnswers, readEvidence } from '../store/scoring/answers';
import { logEvidenceFor } from './activity/log-evidence';
import { assessmentTrendRows } from '../store/scoring/assessments';
import { readEvidenceStorage } from '../store/scoring/snapshots';
import type { OpenWorkspace } from '../store/workspaces';

type Ws = Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>;

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
    corrections: d.corrections,
  }));
}

/** Every corrective action (drills, assessments, by hand), whatever its status; the report picks open, overdue and recently closed. */
function actionsSection(ws: Ws, today: string): ReportAction[] {
  return listActionRows(ws.db, {}, today).map((a) => ({
    id: a.id,
    title: a.title,
    owner: a.owner,
    dueDate: a.dueDate,
    status: ACTION_STATUS_LABELS[a.status],
    source: a.sourceTitle,
    priority: a.priority,
    controlIds: a.controlIds,
    overdue: a.overdue,
    closedAt: closedAt(a),
    verifiedBy: a.verifiedBy,
    wontFixReason: a.wontFixReason,
    wontFixApprover: a.wontFixApprover,
  }));
}

/**
 * File hashes by path, size and modification time: a draft preview is regenerated often and evidence
 * files can be large, so an unchanged file is hashed once per process. Bounded; cleared when full.
 */
const hashes = new Map<string, string>();
const HASHES_KEEP = 5000;

/** Hashes the stored copy of a file evidence and compares it with the hash recorded at upload. */
function checkFile(dir: string, storedName: string | null, sha256: string | null, rehash: boolean): SnapshotEvidence['check'] {
  if (!storedName || !sha256) return null;
  const path = join(dir, 'evidence', storedName);
  if (!existsSync(path)) return 'missing';
  const st = statSync(path);
  const key = `${path}\u0000${st.size}\u0000${st.mtimeMs}`;
  let actual = rehash ? undefined : hashes.get(key);
  if (actual === undefined) {
    actual = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (hashes.size >= HASHES_KEEP) hashes.clear();
    hashes.set(key, actual);
  }
  return actual === sha256 ? 'intact' : 'altered';
}

/** Evidence metadata with each file's recorded SHA-256 and what hashing its stored copy finds now. */
function evidenceSection(ws: Ws, rehash: boolean): SnapshotEvidence[] {
  const storage = readEvidenceStorage(ws.db);
  const logs = logEvidenceFor(ws.db).map((e) => ({ ...e, storedName: null, sha256: null, check: null }));
  return [
    ...readEvidence(ws.db).map((e) => {
      const s = storage.get(e.id) ?? { storedName: null, sha256: null };
      return {
        ...e,
        storedName: s.storedName,
        sha256: s.sha256,
        check: e.kind === 'file' ? checkFile(ws.dir, s.storedName, s.sha256, rehash) : null,
      };
    }),
    ...logs,
  ];
}

/**
 * Everything a report reads besides the scores, as it is now. `assessmentId` limits the trend to the
 * assessments before that one; `now` dates the actions' overdue flag; `rehash` hashes every evidence file again (finalising does: a snapshot
 * must not rest on a cached hash). Call inside one read (or write) transaction so the parts agree.
 */
export function liveReportSources(
  ws: Ws,
  checklist: Checklist | null,
  assessmentId: string | null,
  rehash = false,
  now: Date = new Date(),
): ReportSources {
  return {
    checklist,
    inventory: readInventory(ws.db),
    answers: readAnswers(ws.db).map((a) => ({
      agentId: a.agentId,
      controlId: a.controlId,
      value: a.value,
      by: a.answeredBy,
      at: a.answeredAt,
    })),
    evidence: evidenceSection(ws, rehash),
    drills: drillsSection(ws),
    // Overdue as of this read: a frozen snapshot keeps the standing its actions had when it was finalised.
    actions: actionsSection(ws, now.toISOString().slice(0, 10)),
    history: historySection(ws, assessmentId),
  };
}
