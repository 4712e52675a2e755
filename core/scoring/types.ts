/**
 * Plain data types of the scoring engine. Everything here is JSON-serialisable, so an assessment
 * snapshot can be stored as-is and reports (issue 5) can consume it without calling the engine.
 */
import type { BehaviourFinding } from './behaviour';
import type { Checklist, ControlArea } from '../checklist/schema';
import type { DrillEvidence } from '../evidence/drill-evidence';
import type { InventorySnapshot } from '../inventory/model';
import type { GrantApprovalRecords } from '../approvals/model';

export const ANSWER_VALUES = ['yes', 'partial', 'no', 'na'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

/** Points per answer, from the scoring rule: Yes = 2, Partial = 1, No = 0; n/a is excluded. */
export const ANSWER_POINTS: Record<Exclude<AnswerValue, 'na'>, number> = { yes: 2, partial: 1, no: 0 };

export type EvidenceKind = 'note' | 'link' | 'file';

/** One piece of evidence behind an answer. Only `evidenceDate` matters to the engine (freshness). */
export type EvidenceItem = {
  id: string;
  kind: EvidenceKind;
  /** Note text, URL, or the original file name. */
  label: string;
  /** YYYY-MM-DD: when the evidence was produced (not when it was uploaded). */
  evidenceDate: string;
  recordedBy: string;
};

/** A person's answer to one control for one agent. */
export type Answer = {
  agentId: string;
  controlId: string;
  value: AnswerValue;
  /** Required (non-empty) when value is "na". */
  naReason: string;
  note: string;
  answeredBy: string;
  answeredAt: string;
  evidence: EvidenceItem[];
};

/** A computed finding accepted as a documented risk. Expired acceptances no longer count. */
export type AcceptedRisk = {
  findingKey: string;
  agentId: string;
  controlId: string;
  owner: string;
  reason: string;
  /** YYYY-MM-DD; the acceptance lapses after this day. */
  expiresOn: string;
  acceptedBy: string;
  /** The named approver, someone other than who recorded it (issue 11); absent for acceptances made before. */
  approvedBy?: string;
  acceptedAt: string;
};

/** Everything the engine needs, as plain data. `asOf` (YYYY-MM-DD) is "today" for freshness and expiry. */
export type ScoringInput = {
  checklist: Checklist;
  inventory: InventorySnapshot;
  drillEvidence: DrillEvidence;
  /** Findings from imported activity logs (core/scoring/behaviour.ts); none when no log was imported. */
  behaviourFindings?: BehaviourFinding[];
  answers: Answer[];
  acceptedRisks: AcceptedRisk[];
  asOf: string;
  /** Grant requests and approvals by grant id (rule `destructive-approval-invalid`); absent = none recorded. */
  grantApprovals?: GrantApprovalRecords;
  /** The latest discovery run's drift (issue 12), read by the discovery-drift rule; absent when no run exists. */
  discovery?: import('../discovery/drift-evidence').DriftEvidence | undefined;
};

export type FindingSource = 'rule' | 'drill' | 'activity';

/** One problem the data shows, about one grant or one agent. */
export type Finding = {
  /** Stable across runs while the underlying problem is the same: used to accept risks and to compare assessments. */
  key: string;
  source: FindingSource;
  ruleId: string;
  controlId: string;
  agentId: string;
  grantId: string | null;
  message: string;
  status: 'open' | 'accepted';
  acceptance: { owner: string; reason: string; expiresOn: string; approvedBy?: string } | null;
};

/** Where an effective answer came from. */
export type AnswerSource = 'answer' | 'computed' | 'unanswered';

/** The answer the engine actually scored for one control, and why. */
export type ControlResult = {
  controlId: string;
  area: ControlArea;
  title: string;
  weight: number;
  critical: boolean;
  computed: boolean;
  /** What the person answered (null when unanswered). */
  answered: AnswerValue | null;
  /** What was scored. Unanswered manual controls score as "no". */
  effective: AnswerValue;
  source: AnswerSource;
  /** 0, 1 or 2; null when n/a. */
  points: number | null;
  /** Plain-language reasons the effective answer differs from (or confirms) the answer. */
  notes: string[];
  decayed: boolean;
  findings: Finding[];
};

export type Verdict = 'ready' | 'conditional' | 'not-ready';
export const VERDICT_LABELS: Record<Verdict, string> = { ready: 'Ready', conditional: 'Conditional', 'not-ready': 'Not ready' };

/** One line of a score explanation. The `points` of all lines of one explanation add up exactly to the score. */
export type ExplanationItem = {
  controlId: string;
  title: string;
  effective: AnswerValue;
  /** Score points this control earned (0.1 precision). */
  points: number;
  /** Score points this control could have earned and did not (0.1 precision). */
  lost: number;
  /** Why it lost points: answer, decay, finding messages. */
  reasons: string[];
};

export type AreaScore = { area: ControlArea; score: number | null; applicable: number; earned: number; possible: number };

export type AgentScore = {
  agentId: string;
  agentName: string;
  lifecycle: string;
  workflowIds: string[];
  /** 0-100, integer. */
  score: number;
  verdict: Verdict;
  /** Verdict before caps; equal to verdict when nothing capped it. */
  bandVerdict: Verdict;
  /** Why the verdict is capped at Not ready (empty when not capped). */
  capReasons: string[];
  areas: AreaScore[];
  controls: ControlResult[];
  openFindings: number;
  acceptedFindings: number;
  /** Explanation lines, sorted by points lost (largest first). Sum of `points` === score; sum of `lost` === 100 - score. */
  explanation: ExplanationItem[];
  /** Highest blast radius among this agent's grants (0-100). */
  blastRadius: number;
};

export type RiskItem = {
  agentId: string;
  agentName: string;
  grantId: string;
  systemName: string;
  environmentName: string;
  environmentTier: string;
  actions: string[];
  /** 0-100: environment tier x action severity x system criticality. */
  blastRadius: number;
  /** 0-100: how far the agent is from a perfect score. */
  gap: number;
  /** 0-100: blastRadius x gap / 100. */
  risk: number;
  verdict: Verdict;
  findings: string[];
};

export type Rollup = {
  agentCount: number;
  /** Mean agent score, integer; null when there are no agents. */
  meanScore: number | null;
  minScore: number | null;
  verdicts: Record<Verdict, number>;
  areas: { area: ControlArea; score: number | null }[];
  openFindings: number;
};

export type WorkflowRollup = Rollup & { workflowId: string; workflowName: string };

export type WorkspaceScores = {
  checklist: { id: string; version: string; title: string };
  asOf: string;
  agents: AgentScore[];
  workspace: Rollup;
  workflows: WorkflowRollup[];
  topRisks: RiskItem[];
};
