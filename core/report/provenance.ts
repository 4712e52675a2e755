import { formatDateTime } from '../common/format-time';
import type { ReportControlBasis, ReportControlInfo, ReportControlStatus, ReportInput } from './input';
import { REPORT_TIME, reportDate } from './time';

/**
 * What a report may claim about its own data (issue 11, sections 3 and 10), worded once here so
 * every format says the same: a draft is live, a frozen assessment is frozen (with its hash), and
 * an assessment finalised before snapshots existed says it was reconstructed, never pretends.
 */
export type ReportProvenanceView = {
  kind: 'frozen' | 'reconstructed' | 'live';
  /** Shown prominently at the top of every format; null for a frozen assessment. */
  banner: string | null;
  /** One plain sentence on where every section's data came from. */
  text: string;
  snapshotSha256: string | null;
};

export function provenanceOf(input: ReportInput): ReportProvenanceView {
  const p = input.provenance ?? (input.source.kind === 'draft' ? { kind: 'live' as const } : { kind: 'reconstructed' as const });
  if (p.kind === 'live')
    return {
      kind: 'live',
      banner: `Draft: live data as of ${formatDateTime(input.generatedAt, REPORT_TIME)}`,
      text: 'Every section is read from the workspace as it is now; it changes when the data does. Finalise an assessment for a report that stays fixed.',
      snapshotSha256: null,
    };
  if (p.kind === 'reconstructed')
    return {
      kind: 'reconstructed',
      banner:
        'Reconstructed from live data: this assessment was finalised before assessments were frozen. Its scores are as finalised; the inventory, drills, corrective actions and evidence are shown as they are now and cannot be frozen retroactively.',
      text: 'Scores frozen at finalisation; every other section read live when this report was generated.',
      snapshotSha256: null,
    };
  const head = p.historyHead ? `history head ${p.historyHead.hash} (${p.historyHead.entries} entries)` : 'no change-history head recorded';
  return {
    kind: 'frozen',
    banner: null,
    text: `Frozen at finalisation (${formatDateTime(p.frozenAt, REPORT_TIME)}): every section is read from the assessment's snapshot, SHA-256 ${p.snapshotSha256}; ${head}.`,
    snapshotSha256: p.snapshotSha256,
  };
}

export type ControlRow = {
  controlId: string;
  title: string;
  result: ReportControlStatus['result'];
  /** The result as printed ("n/a" rather than "na"). */
  resultText: string;
  basis: ReportControlBasis;
  /** "Measured", "Attested" or "Not evaluated" with who, when and on what evidence. */
  basisText: string;
};

const RESULT: Record<ReportControlStatus['result'], string> = { yes: 'yes', partial: 'partial', no: 'no', na: 'n/a' };
export const BASIS_TEXT: Record<ReportControlBasis, string> = {
  measured: 'Measured',
  attested: 'Attested',
  'not-evaluated': 'Not evaluated',
};

function basisText(s: ReportControlStatus, computed: boolean): string {
  if (s.basis === 'measured') return computed ? 'Measured: a computed rule checked the data' : 'Measured: a drill record decided it';
  if (s.basis === 'not-evaluated') return 'Not evaluated: nobody answered (scored as no)';
  const a = s.attestation;
  if (!a) return 'Attested';
  const when = a.at ? ` on ${reportDate(a.at)}` : '';
  const evidence = a.evidence.length ? `evidence: ${a.evidence.join('; ')}` : 'no evidence attached';
  return `Attested: "${RESULT[a.value]}" by ${a.by}${when}; ${evidence}`;
}

/** The control rows of one agent's scorecard, in checklist order. */
export function controlRowsOf(statuses: ReportControlStatus[], controls: ReportControlInfo[]): (agentId: string) => ControlRow[] {
  const info = new Map(controls.map((c) => [c.id, c]));
  const order = new Map(controls.map((c, i) => [c.id, i]));
  const byAgent = new Map<string, ReportControlStatus[]>();
  for (const s of statuses) (byAgent.get(s.agentId) ?? byAgent.set(s.agentId, []).get(s.agentId)!).push(s);
  return (agentId) =>
    (byAgent.get(agentId) ?? [])
      .map((s) => ({
        controlId: s.controlId,
        title: info.get(s.controlId)?.title ?? s.controlId,
        result: s.result,
        resultText: RESULT[s.result],
        basis: s.basis,
        basisText: basisText(s, info.get(s.controlId)?.computed ?? false),
      }))
      .sort((a, b) => (order.get(a.controlId) ?? 1e9) - (order.get(b.controlId) ?? 1e9) || (a.controlId < b.controlId ? -1 : 1));
}
