import type { Checklist } from '../checklist/schema';
import { FRAMEWORK_LABELS, type Framework } from '../checklist/frameworks';
import type { AnswerValue, ControlResult, WorkspaceScores } from '../scoring/types';
import type { ReportControlInfo, ReportControlStatus, ReportFinding, ReportInput } from './input';

/** Who answered a control for an agent, and when (the attester of an attested result). */
export type AttestationOf = (agentId: string, controlId: string) => { value: AnswerValue; by: string; at: string } | undefined;

const frameworksOf = (c: Checklist['controls'][number] | undefined): ReportControlInfo['frameworks'] =>
  (c?.frameworks ?? []).map((m) => ({
    framework: m.framework,
    label: FRAMEWORK_LABELS[m.framework as Framework] ?? m.framework,
    ids: [...m.ids],
  }));

/**
 * The basis of one scored control: the engine's `source` says whether data (a rule or a drill
 * record) decided it, a person's answer did, or nothing did. An answer the engine used but whose
 * record is missing is still attested, with an unknown attester rather than none.
 */
function controlStatus(
  agentId: string,
  c: ControlResult,
  evidenceOf: (a: string, c: string) => string[],
  attestationOf: AttestationOf,
): ReportControlStatus {
  if (c.source === 'computed') return { agentId, controlId: c.controlId, basis: 'measured', result: c.effective, attestation: null };
  if (c.source === 'unanswered') return { agentId, controlId: c.controlId, basis: 'not-evaluated', result: c.effective, attestation: null };
  const a = attestationOf(agentId, c.controlId);
  return {
    agentId,
    controlId: c.controlId,
    basis: 'attested',
    result: c.effective,
    attestation: {
      value: a?.value ?? c.answered ?? c.effective,
      by: a?.by ?? 'unknown',
      at: a?.at ?? '',
      evidence: evidenceOf(agentId, c.controlId),
    },
  };
}

/**
 * Maps the scoring engine's output (core/scoring) into the report's input shape. `evidenceOf`
 * lists the evidence behind an agent's answer to a control (labels and dates), when known;
 * `attestationOf` who gave that answer and when.
 */
export function reportScoresFrom(
  ws: WorkspaceScores,
  checklist: Checklist | null,
  evidenceOf: (agentId: string, controlId: string) => string[] = () => [],
  attestationOf: AttestationOf = () => undefined,
): Pick<ReportInput, 'scores' | 'findings' | 'checklist' | 'controlStatus' | 'controls'> {
  const controls = new Map((checklist?.controls ?? []).map((c) => [c.id, c]));
  const statuses: ReportControlStatus[] = [];
  const seen = new Map<string, ReportControlInfo>();
  for (const c of checklist?.controls ?? [])
    seen.set(c.id, { id: c.id, title: c.title, computed: Boolean(c.rule), frameworks: frameworksOf(c) });
  const areaTitle = new Map((checklist?.areas ?? []).map((a) => [a.id as string, a.title]));
  const findings: ReportFinding[] = [];
  for (const a of ws.agents) {
    for (const c of a.controls) {
      statuses.push(controlStatus(a.agentId, c, evidenceOf, attestationOf));
      if (!seen.has(c.controlId)) seen.set(c.controlId, { id: c.controlId, title: c.title, computed: c.computed, frameworks: [] });
      for (const f of c.findings) {
        const control = controls.get(f.controlId);
        findings.push({
          key: f.key,
          agentId: f.agentId,
          controlId: f.controlId,
          controlTitle: control?.title ?? c.title,
          message: f.message,
          status: f.status,
          acceptance: f.acceptance,
          evidence: evidenceOf(f.agentId, f.controlId),
          frameworks: frameworksOf(control),
        });
      }
    }
  }
  return {
    checklist: ws.checklist,
    findings,
    controlStatus: statuses,
    controls: [...seen.values()],
    scores: {
      meanScore: ws.workspace.meanScore,
      agents: ws.agents.map((a) => ({
        agentId: a.agentId,
        agentName: a.agentName,
        lifecycle: a.lifecycle,
        score: a.score,
        verdict: a.verdict,
        capReasons: a.capReasons,
        areas: a.areas.map((x) => ({ area: x.area, title: areaTitle.get(x.area) ?? x.area, score: x.score })),
        openFindings: a.openFindings,
        blastRadius: a.blastRadius,
        gaps: a.explanation
          .filter((e) => e.lost > 0)
          .slice(0, 3)
          .map((e) => ({ title: e.title, lost: e.lost, reasons: e.reasons })),
      })),
      risks: ws.topRisks.map((r) => ({
        grantId: r.grantId,
        agentId: r.agentId,
        agentName: r.agentName,
        systemName: r.systemName,
        environmentName: r.environmentName,
        environmentTier: r.environmentTier,
        actions: r.actions,
        approvalGate: 'none',
        blastRadius: r.blastRadius,
        gap: r.gap,
        risk: r.risk,
      })),
    },
  };
}
