import type { Checklist } from '../checklist/schema';
import { FRAMEWORK_LABELS, type Framework } from '../checklist/frameworks';
import type { WorkspaceScores } from '../scoring/types';
import type { ReportFinding, ReportInput } from './input';

/**
 * Maps the scoring engine's output (core/scoring) into the report's input shape. `evidenceOf`
 * lists the evidence behind an agent's answer to a control (labels and dates), when known.
 */
export function reportScoresFrom(
  ws: WorkspaceScores,
  checklist: Checklist | null,
  evidenceOf: (agentId: string, controlId: string) => string[] = () => [],
): Pick<ReportInput, 'scores' | 'findings' | 'checklist'> {
  const controls = new Map((checklist?.controls ?? []).map((c) => [c.id, c]));
  const areaTitle = new Map((checklist?.areas ?? []).map((a) => [a.id as string, a.title]));
  const findings: ReportFinding[] = [];
  for (const a of ws.agents) {
    for (const c of a.controls) {
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
          frameworks: (control?.frameworks ?? []).map((m) => ({
            framework: m.framework,
            label: FRAMEWORK_LABELS[m.framework as Framework] ?? m.framework,
            ids: [...m.ids],
          })),
        });
      }
    }
  }
  return {
    checklist: ws.checklist,
    findings,
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
