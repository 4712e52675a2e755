/**
 * What the OSCAL builders read: plain data gathered by electron/services/pack from the same
 * sources as the report (report-data.ts) plus every corrective action. Times are ISO strings.
 */
export type OscalAgent = { id: string; name: string; lifecycle: string; score: number; verdict: string; capReasons: string[] };

export type OscalFinding = {
  key: string;
  agentId: string;
  controlId: string;
  controlTitle: string;
  message: string;
  status: 'open' | 'accepted';
  acceptance: { owner: string; reason: string; expiresOn: string } | null;
  /** Evidence labels recorded for this agent and control. */
  evidence: string[];
};

export type OscalAction = {
  id: string;
  title: string;
  owner: string;
  dueDate: string | null;
  status: string;
  source: string;
  controlIds: string[];
  closedAt: string | null;
};

export type OscalInput = {
  workspace: { id: string; name: string };
  appVersion: string;
  /** The document's time: the finalisation time of an assessment (so bytes are reproducible), else now. */
  generatedAt: string;
  assessment: { id: string; title: string; finalisedAt: string; finalisedBy: string } | null;
  checklist: { id: string; version: string; title: string } | null;
  /** The controls the checklist reviews. */
  controls: { id: string; title: string }[];
  agents: OscalAgent[];
  findings: OscalFinding[];
  actions: OscalAction[];
};
