import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAssessmentResults } from '../../../core/oscal/assessment-results';
import type { OscalInput } from '../../../core/oscal/input';
import { buildPoam } from '../../../core/oscal/poam';
import { uuidMaker } from '../../../core/oscal/uuid';
import type { PackManifest } from '../../../core/pack/manifest';
import type { ReportInput } from '../../../core/report/input';
import { buildDatasets, DATASETS } from '../../../core/transfer/datasets';
import { EVIDENCE_FOLDER, RETAINED_FOLDER, retainedForAssessments } from '../../store/backup/retention';
import { listCorrectiveActions } from '../../store/drills/aar';
import { listDrills } from '../../store/drills/records';
import { evidenceFileRow, readEvidence } from '../../store/scoring/answers';
import { getAssessmentSummary } from '../../store/scoring/assessments';
import { getChecklist } from '../../store/scoring/checklists';
import type { OpenWorkspace } from '../../store/workspaces';
import { APP_VERSION } from '../context';
import { produceReport } from '../report';
import { gatherReportInput } from '../report-data';
import type { PdfRenderer } from '../report-pdf';
import { normaliseDocx, normalisePdfDates } from './normalise';
import { historyOfPeriod, PERIOD_FILE } from './period';
import { drillEventLog } from '../transfer';
import { datasetToCsv } from '../transfer-write';

type Ws = Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>;

const sha1 = (b: Uint8Array): Uint8Array => createHash('sha1').update(b).digest();
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');

export type PackContents = {
  files: Map<string, Buffer>;
  metadata: Omit<PackManifest['metadata'], 'history' | 'signingKey'>;
  evidenceProblems: PackManifest['evidenceProblems'];
};

/** The OSCAL builders' input, from the report's own data plus every corrective action (all statuses). */
function oscalInputFrom(ws: Ws, input: ReportInput, assessment: PackContents['metadata']['assessment']): OscalInput {
  let controls: OscalInput['controls'] = [];
  if (input.checklist)
    try {
      controls = getChecklist(ws.db, input.checklist.id, input.checklist.version).checklist.controls.map((c) => ({
        id: c.id,
        title: c.title,
      }));
    } catch {
      controls = [...new Set(input.findings.map((f) => f.controlId))].map((id) => ({ id, title: id }));
    }
  const drillTitles = new Map(listDrills(ws.db).map((d) => [d.summary.id, `${d.summary.scenarioTitle} drill`]));
  return {
    workspace: input.workspace,
    appVersion: input.appVersion,
    generatedAt: input.generatedAt,
    assessment,
    checklist: input.checklist,
    controls,
    agents: (input.scores?.agents ?? []).map((a) => ({
      id: a.agentId,
      name: a.agentName,
      lifecycle: a.lifecycle,
      score: a.score,
      verdict: a.verdict,
      capReasons: a.capReasons,
    })),
    findings: input.findings.map((f) => ({
      key: f.key,
      agentId: f.agentId,
      controlId: f.controlId,
      controlTitle: f.controlTitle,
      message: f.message,
      status: f.status,
      acceptance: f.acceptance,
      evidence: f.evidence,
    })),
    actions: listCorrectiveActions(ws.db).map((a) => ({
      id: a.id,
      title: a.title,
      owner: a.owner,
      dueDate: a.dueDate || null,
      status: a.status,
      source: drillTitles.get(a.drillId) ?? 'Drill',
      controlIds: a.controlIds,
      closedAt: a.closedAt,
    })),
  };
}

/** Evidence files: every live file record's copy (checked against its recorded sha256) and the removed ones a finalised assessment cites. */
function evidenceFiles(ws: Ws, files: Map<string, Buffer>): PackContents['evidenceProblems'] {
  const problems: PackContents['evidenceProblems'] = [];
  for (const e of readEvidence(ws.db)) {
    if (e.kind !== 'file') continue;
    const row = evidenceFileRow(ws.db, e.id);
    if (!row) continue;
    const path = join(ws.dir, EVIDENCE_FOLDER, row.storedName);
    if (!existsSync(path)) {
      problems.push({ evidenceId: e.id, fileName: row.fileName, problem: 'missing' });
      continue;
    }
    const bytes = readFileSync(path);
    if (sha256(bytes) !== row.sha256) problems.push({ evidenceId: e.id, fileName: row.fileName, problem: 'changed' });
    else files.set(`evidence/${row.storedName}`, bytes);
  }
  for (const name of retainedForAssessments(ws)) files.set(`evidence/${name}`, readFileSync(join(ws.dir, RETAINED_FOLDER, name)));
  return problems.sort((a, b) => (a.evidenceId < b.evidenceId ? -1 : 1));
}

/**
 * Everything an evidence pack holds, in memory, keyed by path. For a finalised assessment every
 * document is generated at its finalisation time, so the same assessment gives the same bytes.
 */
export async function packContents(ws: Ws, now: Date, assessmentId: string | null, pdf: PdfRenderer): Promise<PackContents> {
  const summary = assessmentId ? getAssessmentSummary(ws.db, assessmentId) : null;
  const at = summary ? new Date(summary.finalisedAt) : now;
  const assessment = summary
    ? { id: summary.id, title: summary.title, finalisedAt: summary.finalisedAt, finalisedBy: summary.finalisedBy }
    : null;
  const input = gatherReportInput(ws, at, assessmentId);
  const files = new Map<string, Buffer>();
  for (const format of ['json', 'docx', 'pdf'] as const) {
    const content = (await produceReport(ws, at, format, pdf, assessmentId)).content;
    files.set(
      `report/report.${format}`,
      format === 'pdf' ? normalisePdfDates(content, at) : format === 'docx' ? normaliseDocx(content, at) : content,
    );
  }
  const sets = buildDatasets(input, drillEventLog(ws.db));
  for (const name of DATASETS) files.set(`datasets/${name}.csv`, datasetToCsv(sets[name]));
  const oscal = oscalInputFrom(ws, input, assessment);
  const uuid = uuidMaker(sha1);
  files.set('oscal/assessment-results.json', json(buildAssessmentResults(oscal, uuid)));
  files.set('oscal/poam.json', json(buildPoam(oscal, uuid)));
  files.set(PERIOD_FILE, historyOfPeriod(ws, assessmentId));
  const evidenceProblems = evidenceFiles(ws, files);
  return {
    files,
    metadata: { workspace: { id: ws.id, name: ws.name }, assessment, generatedAt: at.toISOString(), appVersion: APP_VERSION },
    evidenceProblems,
  };
}
