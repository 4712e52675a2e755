/**
 * Keeps a workspace's scores up to date by delta (issue 16): the change journal of the one write
 * path (store/mutate) says which rows each committed change touched; grants, answers, evidence,
 * accepted risks, systems and environments map to the agents they affect, whose data is re-read
 * and re-scored alone (core/scoring/incremental.ts). Anything else (a checklist, an import or
 * restore, drills, agents, workflows, activity imports and approvals, discovery runs and acceptances,
 * a write by another connection) scores in full. Two reads span every agent and follow the inventory:
 * the latest discovery run's drift is read again after a grant, system or environment change (the
 * engine re-scores the agents whose drift moved), and once a log is imported the behaviour findings
 * (attribution of events by credential, production write access) make such a change score in full.
 */
import { credentialKey } from '../../core/scoring/data-index';
import type { ScoresPatch } from '../../core/scoring/incremental';
import type { Answer, ScoringInput } from '../../core/scoring/types';
import type { StoredAnswer } from '../../core/scoring/carry-over';
import type { Grant } from '../../core/inventory/model';
import type { CommittedRow } from '../store/mutate/index';
import { readAcceptedRisks } from '../store/scoring/answers';
import { readAnswersFor } from '../store/scoring/control-hashes';
import { readAgentGrants, readEnvironments, readSystems } from '../store/inventory/snapshot';
import { grantsTable } from '../store/inventory/tables';
import { readGrantApprovalRecords } from '../store/approvals/grants';
import type { OpenWorkspace } from '../store/workspaces';
import { hasActivity } from '../store/activity/behaviour-queries';
import { withLogEvidence } from './activity/log-evidence';
import { discoveryEvidenceFor } from './discovery-evidence';

/** Tables whose rows never reach a score. */
const NO_SCORE_EFFECT = new Set(['assessments', 'assessment_snapshots']);

type Row = Record<string, unknown>;
const parse = (json: string | null): Row | null => (json === null ? null : (JSON.parse(json) as Row));
const str = (r: Row | null, k: string): string | null => (r && typeof r[k] === 'string' ? (r[k] as string) : null);

/** The patch for a list of committed row changes, re-reading what they touched; null: score in full. */
export function patchFor(ws: OpenWorkspace, input: ScoringInput, rows: CommittedRow[], now: Date): ScoresPatch | null {
  const touched = new Set<string>();
  const fanKeys = new Set<string>();
  const grantsOf = new Set<string>();
  const answersOf = new Set<string>();
  const risksOf = new Set<string>();
  const systems = new Set<string>();
  const environments = new Set<string>();
  const approvals = new Set<string>();
  const mark = (agents: string[], reread: Set<string>): void => {
    for (const a of agents) {
      touched.add(a);
      reread.add(a);
    }
  };
  for (const r of rows) {
    if (NO_SCORE_EFFECT.has(r.table)) continue;
    const old = parse(r.old);
    const now = parse(r.new);
    const agents = [str(old, 'agent_id'), str(now, 'agent_id')].filter((a): a is string => a !== null);
    switch (r.table) {
      case 'grants': {
        mark(agents, grantsOf);
        // Other agents see a grant only through its credential identity: where it is used, and by whom.
        const key = (x: Row | null) => credentialKey(str(x, 'credential_identity') ?? '');
        const moved =
          !old ||
          !now ||
          key(old) !== key(now) ||
          str(old, 'environment_id') !== str(now, 'environment_id') ||
          str(old, 'agent_id') !== str(now, 'agent_id');
        if (moved) for (const k of [key(old), key(now)]) if (k) fanKeys.add(k);
        break;
      }
      case 'answers':
      case 'evidence':
        mark(agents, answersOf);
        break;
      case 'accepted_risks':
        mark(agents, risksOf);
        break;
      case 'grant_requests':
      case 'grant_approvals': {
        // The approval rule reads a grant's latest request and approvals: its agent is touched.
        const grantId = str(now ?? old, 'grant_id');
        if (grantId) approvals.add(grantId);
        break;
      }
      case 'systems':
        systems.add(r.entityId);
        break;
      case 'environments':
        environments.add(r.entityId);
        break;
      default:
        return null;
    }
  }
  const { db } = ws;
  const inventoryMoved = grantsOf.size > 0 || systems.size > 0 || environments.size > 0;
  if (inventoryMoved && hasActivity(db)) return null;
  const patch: ScoresPatch = { touched, fanKeys };
  // Drift compares the run with the declared grants, systems and environments (by name): read it again.
  if (inventoryMoved && input.discovery) patch.discovery = discoveryEvidenceFor(db, now);
  if (grantsOf.size) patch.grants = new Map<string, Grant[]>([...grantsOf].map((a) => [a, readAgentGrants(db, a)]));
  if (answersOf.size) patch.answers = new Map<string, Answer[]>([...answersOf].map((a) => [a, answersFor(ws, input, a)]));
  if (risksOf.size) patch.risks = new Map([...risksOf].map((a) => [a, readAcceptedRisks(db, a).map(({ message: _m, ...x }) => x)]));
  if (approvals.size) {
    patch.approvals = new Map([...approvals].map((id) => [id, readGrantApprovalRecords(db, id)[id]]));
    for (const id of approvals) {
      const agentId = grantsTable.find(db, id)?.agentId;
      if (agentId) touched.add(agentId);
    }
  }
  if (systems.size) patch.systems = { list: readSystems(db), changed: systems };
  if (environments.size) patch.environments = { list: readEnvironments(db), changed: environments };
  return patch;
}

/** An agent's answers as `scoringInputFor` gives them (with its imported logs as evidence for its LOG answers). */
const answersFor = (ws: OpenWorkspace, input: ScoringInput, agentId: string): Answer[] =>
  withLogEvidence(ws.db, readAnswersFor(ws.db, input.checklist, agentId).inForce.map(asAnswer), agentId);

/** A stored answer without its checklist reference (built field by field: a rest spread of 60k answers cost ~20 ms). */
export const asAnswer = (a: StoredAnswer): Answer => ({
  agentId: a.agentId,
  controlId: a.controlId,
  value: a.value,
  naReason: a.naReason,
  note: a.note,
  answeredBy: a.answeredBy,
  answeredAt: a.answeredAt,
  evidence: a.evidence,
});
