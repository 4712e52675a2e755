/**
 * The After-Action Report / Improvement Plan of a completed drill, in the HSEEP style: overview,
 * measures (marked "verified" where a live-fire sandbox checked them), the expected decisions and how
 * they went, strengths and areas for improvement, and the improvement plan: the corrective-action
 * table (action, control, owner, due date, status).
 */
import { formatDuration } from '../common/format-duration';
import type { FacilitatorDoc, DocSection } from './facilitator-doc';
import type { LiveFireStatus } from './live-fire-contract';
import type { DrillView } from './model';
import { ROLE_LABELS } from './scenario';

const OUTCOME: Record<string, string> = { 'on-time': 'On time', late: 'Late', missed: 'Missed', pending: 'Pending', overdue: 'Overdue' };

function verifiedMarks(v: DrillView, lf: LiveFireStatus | null) {
  const cp = v.state.checkpoints;
  return {
    ttd: !!lf?.detectedBy && !!cp.declared?.note.startsWith('Detected in the live-fire console'),
    ttc: !!lf?.containment?.verified && !!cp.contained?.note.startsWith('Verified by the app'),
    ttr: !!lf?.recovery && /^(Verified by the app|The team accepted)/.test(cp.recovered?.note ?? ''),
  };
}

export function buildAarIp(v: DrillView, lf: LiveFireStatus | null, generatedAt: string): FacilitatorDoc {
  const m = v.measures;
  const marks = verifiedMarks(v, lf);
  const how = (ok: boolean) => (lf && lf.phase !== 'not-started' ? (ok ? 'verified on the sandbox' : 'declared') : 'declared');
  const dur = (d: { scenarioMs: number } | null) => (d ? formatDuration(d.scenarioMs) : 'not reached');
  const aar = v.aar;
  const sections: DocSection[] = [
    {
      heading: 'Exercise overview',
      level: 1,
      blocks: [
        {
          kind: 'table',
          head: ['Item', 'Detail'],
          rows: [
            ['Scenario', `${v.scenario.title} (${v.scenario.id})`],
            ['Based on', `${v.scenario.basedOn.incident}: ${v.scenario.basedOn.source}`],
            ['Target agents', v.drill.agents.map((a) => a.name).join(', ')],
            ['Run', `${v.drill.startedAt ?? '—'} to ${v.drill.completedAt ?? '—'}, at ${v.drill.timeScale}x`],
            ['Participants', v.drill.participants.map((p) => `${p.name} (${ROLE_LABELS[p.role]})`).join(', ') || '—'],
            [
              'Mode',
              lf && lf.phase !== 'not-started' ? 'Live-fire: a disposable database damaged by a scripted rogue process' : 'Tabletop',
            ],
          ],
        },
        ...(aar?.summary ? [{ kind: 'p' as const, text: aar.summary }] : []),
      ],
    },
    {
      heading: 'Measures',
      level: 1,
      blocks: [
        {
          kind: 'table',
          head: ['Measure', 'Value', 'How it was established'],
          rows: [
            ['Time to detect', dur(m.ttd), how(marks.ttd)],
            ['Time to contain', dur(m.ttc), how(marks.ttc)],
            ['Time to recover', dur(m.ttr), how(marks.ttr)],
            [
              'Decision accuracy',
              m.decisionAccuracy === null
                ? '—'
                : `${Math.round(m.decisionAccuracy * 100)}% (${m.onTime} on time, ${m.late} late, ${m.missed} missed)`,
              'drill log',
            ],
            [
              'Data lost',
              m.dataLoss
                ? `${m.dataLoss.minutes} min${m.dataLoss.rpoMinutes === null ? '' : ` (RPO ${m.dataLoss.rpoMinutes} min: ${m.dataLoss.withinRpo ? 'within' : 'exceeded'})`}`
                : '—',
              lf?.recovery
                ? `${lf.recovery.rowsLost + lf.recovery.rowsChanged} rows lost or changed, checked against the pre-incident snapshot`
                : 'declared',
            ],
          ],
        },
        { kind: 'p', text: 'Durations are from T0 on the scenario clock, pauses excluded.' },
      ],
    },
    {
      heading: 'Expected decisions',
      level: 1,
      blocks: [
        {
          kind: 'table',
          head: ['Module', 'Decision', 'By', 'Outcome', 'Controls'],
          rows: m.decisions.map((d) => [
            d.phaseTitle,
            d.text,
            `T+${d.byMinutes} min`,
            d.madeAtMs === null ? OUTCOME[d.outcome]! : `${OUTCOME[d.outcome]!} (${formatDuration(d.madeAtMs)})`,
            d.controls.join(', ') || '—',
          ]),
        },
      ],
    },
    {
      heading: 'Strengths',
      level: 1,
      blocks: [aar?.strengths.length ? { kind: 'bullets', items: aar.strengths } : { kind: 'p', text: 'None recorded.' }],
    },
    {
      heading: 'Areas for improvement',
      level: 1,
      blocks: [aar?.improvements.length ? { kind: 'bullets', items: aar.improvements } : { kind: 'p', text: 'None recorded.' }],
    },
    {
      heading: 'Improvement plan',
      level: 1,
      blocks: [
        aar?.correctiveActions.length
          ? {
              kind: 'table',
              head: ['Corrective action', 'Controls', 'Agent', 'Owner', 'Due', 'Status'],
              rows: aar.correctiveActions.map((a) => [
                a.title,
                a.controlIds.join(', ') || '—',
                a.agentId === null ? 'All targets' : (v.drill.agents.find((x) => x.id === a.agentId)?.name ?? a.agentId),
                a.owner,
                a.dueDate,
                a.status === 'closed' ? `Closed ${a.closedAt?.slice(0, 10) ?? ''} by ${a.closedBy ?? ''}` : 'Open',
              ]),
            }
          : { kind: 'p', text: 'No corrective actions recorded.' },
      ],
    },
  ];
  if (lf?.containment)
    sections.push({
      heading: 'Live-fire verification',
      level: 1,
      blocks: [
        {
          kind: 'p',
          text: `Kill switch: containment ${lf.containment.verified ? 'verified' : 'NOT verified'} in ${lf.containment.durationMs} ms.`,
        },
        { kind: 'bullets', items: lf.containment.checks.map((c) => `${c.ok ? 'Passed' : 'FAILED'}: ${c.check}: ${c.detail}`) },
        ...(lf.recovery
          ? [
              {
                kind: 'table' as const,
                head: ['Table', 'Before', 'After restore', 'Lost', 'Changed', 'Invented', 'Result'],
                rows: lf.recovery.tables.map((t) => [
                  t.table,
                  String(t.expectedRows),
                  String(t.actualRows),
                  String(t.rowsLost),
                  String(t.rowsChanged),
                  String(t.rowsExtra),
                  t.matches ? 'matches' : 'differs',
                ]),
              },
              {
                kind: 'p' as const,
                text:
                  lf.recovery.rpoMs === null
                    ? 'No backup was restored: the loss is everything the rogue destroyed.'
                    : `Real RPO: ${lf.recovery.rpoMs} ms between the backup restored (${lf.recovery.restoredFrom ?? '—'}) and the incident.`,
              },
            ]
          : []),
      ],
    });
  return {
    kind: 'After-Action Report / Improvement Plan',
    title: v.scenario.title,
    meta: [
      `Drill ${v.drill.id}`,
      aar?.signedOffBy ? `Signed off by ${aar.signedOffBy} on ${aar.signedOffAt ?? ''}` : 'Not signed off: draft',
      `Prepared ${generatedAt}`,
    ],
    sections,
  };
}
