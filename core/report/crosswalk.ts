import { frameworkItemTitle } from '../checklist/frameworks';
import type { ReportControlBasis, ReportControlInfo, ReportControlStatus, ReportFinding } from './input';

/**
 * The framework crosswalk (issue 11, section 10). A framework item's row counts every gap mapped to
 * it, whatever found it: computed findings, manual controls a person answered no or partial, and
 * controls nobody answered. Before, only computed findings were mapped, so an unanswered logging
 * control never reached EU AI Act Art. 12 or NIST 800-53 AU-2.
 */
export type FrameworkRow = {
  framework: string;
  label: string;
  id: string;
  /** The item's own title where known (the OWASP ASI items), e.g. "Identity and Privilege Abuse". */
  title: string | null;
  /** Computed findings (open or accepted) on controls mapped to this item. */
  findings: number;
  /** Agent x control results a person attested as no or partial. */
  attestedGaps: number;
  /** Agent x control results nobody evaluated (unanswered manual controls). */
  notEvaluated: number;
  /** The checklist controls that map to this item. */
  controls: string[];
  agents: string[];
};

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildCrosswalk(
  findings: ReportFinding[],
  statuses: ReportControlStatus[],
  controls: ReportControlInfo[],
  agentName: (id: string) => string,
): FrameworkRow[] {
  const rows = new Map<string, FrameworkRow & { agentSet: Set<string> }>();
  const rowFor = (framework: string, label: string, id: string) => {
    const k = `${framework}\u0000${id}`;
    let row = rows.get(k);
    if (!row) {
      row = {
        framework,
        label,
        id,
        title: frameworkItemTitle(framework, id),
        findings: 0,
        attestedGaps: 0,
        notEvaluated: 0,
        controls: [],
        agents: [],
        agentSet: new Set(),
      };
      rows.set(k, row);
    }
    return row;
  };
  const touch = (row: FrameworkRow & { agentSet: Set<string> }, controlId: string, agentId: string) => {
    if (!row.controls.includes(controlId)) row.controls.push(controlId);
    row.agentSet.add(agentName(agentId));
  };
  for (const f of findings)
    for (const m of f.frameworks)
      for (const id of m.ids) {
        const row = rowFor(m.framework, m.label, id);
        row.findings++;
        touch(row, f.controlId, f.agentId);
      }
  const info = new Map(controls.map((c) => [c.id, c]));
  for (const s of statuses) {
    const gap: ReportControlBasis | null =
      s.basis === 'not-evaluated'
        ? 'not-evaluated'
        : s.basis === 'attested' && (s.result === 'no' || s.result === 'partial')
          ? 'attested'
          : null;
    if (!gap) continue;
    for (const m of info.get(s.controlId)?.frameworks ?? [])
      for (const id of m.ids) {
        const row = rowFor(m.framework, m.label, id);
        if (gap === 'attested') row.attestedGaps++;
        else row.notEvaluated++;
        touch(row, s.controlId, s.agentId);
      }
  }
  return [...rows.values()]
    .map(({ agentSet, ...r }) => ({ ...r, controls: r.controls.sort(byText), agents: [...agentSet].sort(byText) }))
    .sort((a, b) => byText(a.framework, b.framework) || byText(a.id, b.id));
}

/** Per agent: how many of its control results are measured, attested or not evaluated. */
export function basisCounts(statuses: ReportControlStatus[]): Map<string, Record<ReportControlBasis, number>> {
  const out = new Map<string, Record<ReportControlBasis, number>>();
  for (const s of statuses) {
    const c = out.get(s.agentId) ?? out.set(s.agentId, { measured: 0, attested: 0, 'not-evaluated': 0 }).get(s.agentId)!;
    c[s.basis]++;
  }
  return out;
}
