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
};

export type ReportAction = { id: string; title: string; owner: string; dueDate: string | null; status: string; source: string };

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
  actions: ReportAction[];
  /** The change history's entry count and head hash when the report was made (issue 11): printed so a kept copy can prove a later rewrite. */
  changeHistory?: { count: number; head: string | null };
};
