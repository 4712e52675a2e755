import { historyHeadLine } from '../history/dataset';
import { grantRisk } from '../inventory/risk';
import type {
  ReportAction,
  ReportAgentScore,
  ReportControlBasis,
  ReportDrill,
  ReportEvidenceFile,
  ReportFinding,
  ReportHistoryPoint,
  ReportInput,
  ReportVerdict,
} from './input';
import { VERDICT_TEXT } from './input';
import { basisCounts, buildCrosswalk, type FrameworkRow } from './crosswalk';
import { controlRowsOf, provenanceOf, type ControlRow, type ReportProvenanceView } from './provenance';
import { formatDuration, riskSentence } from './words';

export type { FrameworkRow } from './crosswalk';

export type TopRisk = {
  sentence: string;
  agentName: string;
  systemName: string;
  environmentName: string;
  risk: number;
  blastRadius: number;
  gap: number;
};
export type Scorecard = ReportAgentScore & {
  verdictText: string;
  findings: ReportFinding[];
  grants: number;
  /** How each control's result is known: measured, attested or not evaluated (issue 11, section 10). */
  basis: Record<ReportControlBasis, number>;
  controls: ControlRow[];
};

export type ReportModel = {
  title: string;
  workspaceName: string;
  workspaceId: string;
  generatedAt: string;
  appVersion: string;
  /** "Change history: N entries, head <hash>" */
  changeHistoryText: string;
  checklist: { id: string; version: string; title: string } | null;
  isDraft: boolean;
  sourceText: string;
  /** Where the data came from, with the banner every format shows (draft or reconstructed). */
  provenance: ReportProvenanceView;
  scored: boolean;
  overall: { meanScore: number | null; agentCount: number; productionAgents: number; openFindings: number; headline: string };
  verdicts: Record<ReportVerdict, number>;
  trend: ReportHistoryPoint[];
  topRisks: TopRisk[];
  notReady: { agentName: string; lifecycle: string; score: number | null; verdictText: string; reasons: string[] }[];
  drills: (ReportDrill & { ttd: string; ttc: string; ttr: string })[];
  openActions: ReportAction[];
  overdueActions: number;
  /** Closed (done, verified, won't fix) since the last assessment. */
  closedActions: ReportAction[];
  closedSince: string | null;
  scorecards: Scorecard[];
  frameworks: FrameworkRow[];
  aars: ReportDrill[];
  evidenceFiles: (ReportEvidenceFile & { agentName: string })[];
};

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const LEVEL_SCORE = { none: 0, low: 25, medium: 50, high: 75, critical: 100 } as const;

/** Builds the report model. Pure and deterministic: same input, same model (all lists are sorted). */
export function buildReportModel(input: ReportInput): ReportModel {
  const inv = input.inventory;
  const isDraft = input.source.kind === 'draft';
  const agentsByName = [...inv.agents].sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));
  const scores = input.scores;
  const scoreOf = new Map((scores?.agents ?? []).map((s) => [s.agentId, s]));
  const verdicts: Record<ReportVerdict, number> = { ready: 0, conditional: 0, 'not-ready': 0 };
  for (const s of scores?.agents ?? []) verdicts[s.verdict]++;
  const openFindings = input.findings.filter((f) => f.status === 'open').length;
  const production = inv.agents.filter((a) => a.lifecycle === 'production');

  // Top risks: blast radius x readiness gap, from scoring when present, else from permissions alone.
  const envById = new Map(inv.environments.map((e) => [e.id, e]));
  const sysById = new Map(inv.systems.map((s) => [s.id, s]));
  const agentById = new Map(inv.agents.map((a) => [a.id, a]));
  const gateOf = new Map(inv.grants.map((g) => [g.id, g.approvalGate]));
  let risks = (scores?.risks ?? []).map((r) => ({ ...r, approvalGate: (r.grantId && gateOf.get(r.grantId)) || r.approvalGate }));
  if (!scores) {
    risks = inv.grants.flatMap((g) => {
      const env = envById.get(g.environmentId);
      const sys = sysById.get(g.systemId);
      const agent = agentById.get(g.agentId);
      if (!env || !sys || !agent) return [];
      const level = grantRisk(g, env.tier).level;
      const blast = LEVEL_SCORE[level];
      return [
        {
          agentId: agent.id,
          agentName: agent.name,
          systemName: sys.name,
          environmentName: env.name,
          environmentTier: env.tier,
          actions: g.actions,
          approvalGate: g.approvalGate,
          blastRadius: blast,
          gap: 100,
          risk: blast,
        },
      ];
    });
  }
  const topRisks = risks
    .filter((r) => r.risk > 0 && r.actions.some((a) => a !== 'read'))
    .sort(
      (a, b) =>
        b.risk - a.risk ||
        b.blastRadius - a.blastRadius ||
        byText(a.agentName, b.agentName) ||
        byText(a.systemName, b.systemName) ||
        byText(a.environmentName, b.environmentName),
    )
    .slice(0, 5)
    .map((r) => ({
      sentence: riskSentence(r),
      agentName: r.agentName,
      systemName: r.systemName,
      environmentName: r.environmentName,
      risk: r.risk,
      blastRadius: r.blastRadius,
      gap: r.gap,
    }));

  const notReady = agentsByName
    .filter((a) => a.lifecycle !== 'retired')
    .flatMap((a) => {
      const s = scoreOf.get(a.id);
      if (s && s.verdict !== 'not-ready') return [];
      if (!s && scores) return [];
      const reasons = (s ? (s.capReasons.length ? s.capReasons : s.gaps.slice(0, 2).map((g) => g.title)) : ['Not scored yet']).map((x) =>
        x.replace(/[.;\s]+$/, ''),
      );
      return [
        {
          agentName: a.name,
          lifecycle: a.lifecycle,
          score: s?.score ?? null,
          verdictText: s ? VERDICT_TEXT[s.verdict] : 'Not scored',
          reasons,
        },
      ];
    })
    // Production agents first (they are live), then the lowest scores.
    .sort(
      (a, b) =>
        Number(b.lifecycle === 'production') - Number(a.lifecycle === 'production') ||
        (a.score ?? -1) - (b.score ?? -1) ||
        byText(a.agentName, b.agentName),
    );

  const drills = [...input.drills]
    .sort((a, b) => byText(b.completedAt ?? b.startedAt ?? '', a.completedAt ?? a.startedAt ?? '') || byText(a.id, b.id))
    .map((d) => ({ ...d, ttd: formatDuration(d.ttdMs), ttc: formatDuration(d.ttcMs), ttr: formatDuration(d.ttrMs) }));
  const isClosed = (a: ReportAction): boolean =>
    a.closedAt !== undefined ? a.closedAt !== null : a.status === 'done' || a.status === 'closed';
  const openActions = input.actions
    .filter((a) => !isClosed(a))
    .sort(
      (a, b) =>
        Number(b.overdue ?? false) - Number(a.overdue ?? false) ||
        byText(a.dueDate ?? '9999', b.dueDate ?? '9999') ||
        byText(a.title, b.title) ||
        byText(a.id, b.id),
    );
  const closedSince = input.actionsClosedSince ?? null;
  const closedActions = input.actions
    .filter((a) => isClosed(a) && a.closedAt && (closedSince === null || a.closedAt >= closedSince))
    .sort((a, b) => byText(b.closedAt ?? '', a.closedAt ?? '') || byText(a.id, b.id));

  const findingsByAgent = new Map<string, ReportFinding[]>();
  for (const f of [...input.findings].sort((a, b) => byText(a.controlId, b.controlId) || byText(a.key, b.key))) {
    const list = findingsByAgent.get(f.agentId) ?? [];
    list.push(f);
    findingsByAgent.set(f.agentId, list);
  }
  const statuses = input.controlStatus ?? [];
  const counts = basisCounts(statuses);
  const rowsOf = controlRowsOf(statuses, input.controls ?? []);
  const grantCount = new Map<string, number>();
  for (const g of inv.grants) grantCount.set(g.agentId, (grantCount.get(g.agentId) ?? 0) + 1);
  const scorecards: Scorecard[] = agentsByName.map((a) => {
    const s = scoreOf.get(a.id);
    const base: ReportAgentScore = s ?? {
      agentId: a.id,
      agentName: a.name,
      lifecycle: a.lifecycle,
      score: 0,
      verdict: 'not-ready',
      capReasons: [],
      areas: [],
      openFindings: 0,
      blastRadius: 0,
      gaps: [],
    };
    return {
      ...base,
      agentName: a.name,
      lifecycle: a.lifecycle,
      verdictText: s ? VERDICT_TEXT[s.verdict] : 'Not scored',
      findings: findingsByAgent.get(a.id) ?? [],
      grants: grantCount.get(a.id) ?? 0,
      basis: counts.get(a.id) ?? { measured: 0, attested: 0, 'not-evaluated': 0 },
      controls: rowsOf(a.id),
    };
  });

  const frameworks = buildCrosswalk(input.findings, statuses, input.controls ?? [], (id) => agentById.get(id)?.name ?? id);

  const mean = scores?.meanScore ?? null;
  const current: ReportHistoryPoint = {
    label: isDraft ? 'Now (draft)' : input.source.kind === 'assessment' ? input.source.title : 'Now',
    // A finalised assessment's point is dated when it was finalised, so its report does not move with the clock.
    date: (input.source.kind === 'assessment' ? input.source.finalisedAt : input.generatedAt).slice(0, 10),
    meanScore: mean,
    verdicts,
  };
  const trend = [...input.history].sort((a, b) => byText(a.date, b.date) || byText(a.label, b.label));
  if (scores) trend.push(current);

  const headline = !scores
    ? `${inv.agents.length} agent${inv.agents.length === 1 ? '' : 's'} inventoried; readiness has not been scored yet.`
    : `${verdicts.ready} of ${scores.agents.length} agent${scores.agents.length === 1 ? ' is' : 's are'} ready for production; ${verdicts['not-ready']} ${verdicts['not-ready'] === 1 ? 'is' : 'are'} not ready.`;

  return {
    title: `Agent readiness report: ${input.workspace.name}`,
    workspaceName: input.workspace.name,
    workspaceId: input.workspace.id,
    generatedAt: input.generatedAt,
    appVersion: input.appVersion,
    changeHistoryText: historyHeadLine(input.changeHistory ?? { count: 0, head: null }),
    checklist: input.checklist,
    isDraft,
    sourceText:
      input.source.kind === 'assessment'
        ? `Finalised assessment "${input.source.title}" (${input.source.finalisedAt.slice(0, 10)})`
        : 'DRAFT: generated from the current state, not from a finalised assessment',
    provenance: provenanceOf(input),
    scored: scores !== null,
    overall: { meanScore: mean, agentCount: inv.agents.length, productionAgents: production.length, openFindings, headline },
    verdicts,
    trend,
    topRisks,
    notReady,
    drills,
    openActions,
    overdueActions: openActions.filter((a) => a.overdue).length,
    closedActions,
    closedSince,
    scorecards,
    frameworks,
    aars: drills.filter((d) => d.aar !== null),
    evidenceFiles: [...(input.evidenceFiles ?? [])]
      .map((e) => ({ ...e, agentName: agentById.get(e.agentId)?.name ?? e.agentId }))
      .sort(
        (a, b) =>
          byText(a.agentName, b.agentName) || byText(a.controlId, b.controlId) || byText(a.fileName, b.fileName) || byText(a.id, b.id),
      ),
  };
}
