import type { InventorySnapshot } from '../inventory/model';

/**
 * Everything a report is built from, as plain data. The services layer gathers it (see
 * electron/services/report-data.ts); core/report turns it into a report model without I/O, so the
 * same input always gives the same report.
 */
export type ReportVerdict = 'ready' | 'conditional' | 'not-ready';
export const VERDICT_TEXT: Record<ReportVerdict, string> = { ready: 'Ready', conditional: 'Conditional', 'not-ready': 'Not ready' };

export type ReportAgentScore = {
  agentId: string;
  agentName: string;
  lifecycle: string;
  /** 0-100 */
  score: number;
  verdict: ReportVerdict;
  capReasons: string[];
  areas: { area: string; title: string; score: number | null }[];
  openFindings: number;
  blastRadius: number;
  /** The largest point losses, in plain language. */
  gaps: { title: string; lost: number; reasons: string[] }[];
};

export type ReportFinding = {
  key: string;
  agentId: string;
  controlId: string;
  controlTitle: string;
  message: string;
  status: 'open' | 'accepted';
  acceptance: { owner: string; reason: string; expiresOn: string } | null;
  evidence: string[];
  frameworks: { framework: string; label: string; ids: string[] }[];
};

export type ReportRisk = {
  /** When given, the approval gate is read from this grant in the inventory. */
  grantId?: string;
  agentId: string;
  agentName: string;
  systemName: string;
  environmentName: string;
  environmentTier: string;
  actions: string[];
  approvalGate: string;
  blastRadius: number;
  gap: number;
  risk: number;
};

export type ReportHistoryPoint = { label: string; date: string; meanScore: number | null; verdicts: Record<ReportVerdict, number> };

export type ReportDrill = {
  id: string;
  title: string;
  scenario: string;
  agents: string[];
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  ttdMs: number | null;
  ttcMs: number | null;
  ttrMs: number | null;
  aar: { summary: string; wentWell: string[]; toImprove: string[] } | null;
  /** Corrections to the drill's record, as sentences (core/drills/correction-text). */
  corrections?: string[];
};

export type ReportAction = {
  id: string;
  title: string;
  owner: string;
  dueDate: string | null;
  status: string;
  source: string;
  priority?: string;
  controlIds?: string[];
  /** Active and past its due date when the report was made. */
  overdue?: boolean;
  /** When it was done, verified or marked won't fix; null while active. */
  closedAt?: string | null;
  verifiedBy?: string | null;
  wontFixReason?: string;
  wontFixApprover?: string | null;
};

/**
 * How a report knows each control's result for an agent (issue 11, section 10), so it never claims
 * more than it has: `measured` (a computed rule or a drill record decided it from data), `attested`
 * (a person's answer, with its attester, date and evidence) or `not-evaluated` (nobody answered).
 */
export type ReportControlBasis = 'measured' | 'attested' | 'not-evaluated';
export type ReportControlStatus = {
  agentId: string;
  controlId: string;
  basis: ReportControlBasis;
  /** The result that was scored. */
  result: 'yes' | 'partial' | 'no' | 'na';
  /** The person's answer behind an attested result (null for measured and not evaluated). */
  attestation: { value: 'yes' | 'partial' | 'no' | 'na'; by: string; at: string; evidence: string[] } | null;
};
/** One checklist control as the crosswalk needs it. */
export type ReportControlInfo = {
  id: string;
  title: string;
  computed: boolean;
  frameworks: { framework: string; label: string; ids: string[] }[];
};

/** A file kept as evidence, with the SHA-256 recorded at upload and what a check of the stored copy found. */
export type ReportEvidenceFile = {
  id: string;
  agentId: string;
  controlId: string;
  fileName: string;
  sha256: string;
  evidenceDate: string;
  /** At finalisation for a frozen report, at generation for a draft. */
  check: 'intact' | 'altered' | 'missing';
};

/**
 * Where a report's data came from. `frozen`: the snapshot stored when the assessment was finalised
 * (inventory, drills, actions, evidence, answers, checklist), checked against its SHA-256.
 * `reconstructed`: an assessment finalised before snapshots existed; only its scores are frozen and
 * everything else is read live. `live`: a draft.
 */
export type ReportProvenance =
  | { kind: 'frozen'; snapshotSha256: string; frozenAt: string; historyHead: { entries: number; hash: string } | null }
  | { kind: 'reconstructed' }
  | { kind: 'live' };

export type ReportInput = {
  workspace: { id: string; name: string };
  /** ISO time, passed in (never read from a clock inside core). */
  generatedAt: string;
  appVersion: string;
  checklist: { id: string; version: string; title: string } | null;
  source: { kind: 'assessment'; id: string; title: string; finalisedAt: string } | { kind: 'draft' };
  inventory: InventorySnapshot;
  /** null while scoring is unavailable: the report then says so and ranks risks from permissions alone. */
  scores: { agents: ReportAgentScore[]; meanScore: number | null; risks: ReportRisk[] } | null;
  findings: ReportFinding[];
  history: ReportHistoryPoint[];
  drills: ReportDrill[];
  /** Every corrective action, whatever its status (exports list them all; the report picks). */
  actions: ReportAction[];
  /** Optional so older inputs still build a report; report-data always fills them (issue 11). */
  provenance?: ReportProvenance;
  controlStatus?: ReportControlStatus[];
  controls?: ReportControlInfo[];
  evidenceFiles?: ReportEvidenceFile[];
  /** When the last assessment before this report was finalised: the report lists actions closed since then. */
  actionsClosedSince?: string | null;
  /** The change history's entry count and head hash when the report was made (issue 11): printed so a kept copy can prove a later rewrite. */
  changeHistory?: { count: number; head: string | null };
};
