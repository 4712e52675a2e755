/**
 * The Situation Manual (SitMan) of a scenario, in the HSEEP style: scope, objectives, participants and
 * roles, the module-by-module inject plan with the expected decisions, and discussion questions.
 * Modules are the scenario's phases; each inject belongs to the first module whose last decision
 * deadline it does not pass, so the room reads injects beside the decisions they should prompt.
 */
import type { FacilitatorDoc, DocSection } from './facilitator-doc';
import { rogueTimeline, type SandboxSpec } from './live-fire';
import { ROLE_LABELS, injectsInOrder, type DrillRole, type Inject, type Scenario } from './scenario';

const ROLE_DUTIES: Record<DrillRole, string> = {
  facilitator: 'Runs the clock, releases injects, keeps the discussion moving; does not play.',
  'incident-commander': 'Owns the response: declares the incident, assigns work, makes the calls.',
  scribe: 'Logs decisions and times as they happen (the record the AAR is built from).',
  'agent-owner': 'Knows what the agent can reach and how to stop it and revoke its credentials.',
  approver: 'Holds the approval gates: says yes or no to destructive or recovery actions.',
  observer: 'Watches without playing; notes strengths and gaps for the after-action review.',
  evaluator: 'Scores the expected decisions against their deadlines.',
  liaison: 'Speaks for a team outside the room (legal, communications, a vendor).',
};

export type SituationManualInput = {
  scenario: Scenario;
  targets: string[];
  participants: { name: string; role: DrillRole }[];
  generatedAt: string;
};

const t = (minutes: number) => `T+${minutes} min`;

function questionsFor(s: Scenario, phaseIndex: number): string[] {
  const phase = s.phases[phaseIndex]!;
  const q = phase.decisions.map((d) => `${d.text} Who makes this call, with what information, and can it be done by ${t(d.by)}?`);
  if (phaseIndex === 0) q.push('What tells you first that something is wrong, and who says "this is an incident"?');
  if (phaseIndex === s.phases.length - 1) q.push('How do you prove the recovered state is right, and against which system of record?');
  return q;
}

function liveFireSection(sandbox: SandboxSpec): DocSection {
  const steps = rogueTimeline(sandbox).map((a) => `${a.at} s: ${a.action}${'table' in a ? ` on ${a.table}` : ''}`);
  const before =
    sandbox.before.backup === 'take'
      ? `take a backup (${sandbox.before.location === 'same-volume' ? 'on the same volume as the data' : 'to a separate vault'})`
      : 'no backup';
  return {
    heading: 'Live-fire option',
    level: 1,
    blocks: [
      {
        kind: 'p',
        text: `This scenario can run against a disposable database that the app seeds (${sandbox.seed.tables.map((x) => `${x.rows} ${x.name}`).join(', ')}). A scripted rogue process damages it on this timeline (drill clock):`,
      },
      { kind: 'bullets', items: steps },
      {
        kind: 'p',
        text: `Before step (as the team's runbook says): ${before}. The kill switch and the restore are verified by the app against the data; TTD, TTC and TTR come from those checks.`,
      },
    ],
  };
}

export function buildSituationManual(i: SituationManualInput): FacilitatorDoc {
  const s = i.scenario;
  const ordered = injectsInOrder(s);
  const ends = s.phases.map((p) => Math.max(...p.decisions.map((d) => d.by)));
  const byModule: Inject[][] = s.phases.map(() => []);
  for (const inj of ordered) {
    const m = ends.findIndex((end) => inj.at <= end);
    byModule[m === -1 ? s.phases.length - 1 : m]!.push(inj);
  }
  const sections: DocSection[] = [
    {
      heading: 'Scope',
      level: 1,
      blocks: [
        { kind: 'p', text: s.summary },
        {
          kind: 'table',
          head: ['Item', 'Detail'],
          rows: [
            ['Exercise type', s.sandbox ? 'Discussion-based tabletop, with an optional live-fire sandbox' : 'Discussion-based tabletop'],
            ['Planned length', `${s.durationMinutes} minutes on the scenario clock`],
            ['Target agents', i.targets.join(', ') || 'Not chosen yet'],
            ['Based on', `${s.basedOn.incident} (${s.basedOn.kind}): ${s.basedOn.source}`],
            ['Controls exercised', s.controls.join(', ')],
            ['Recovery-point objective', s.rpoMinutes === undefined ? 'Not set' : `${s.rpoMinutes} minutes`],
          ],
        },
      ],
    },
    { heading: 'Objectives', level: 1, blocks: [{ kind: 'bullets', items: s.objectives }] },
    {
      heading: 'Participants and roles',
      level: 1,
      blocks: [
        {
          kind: 'table',
          head: ['Role', 'Responsibility', 'Assigned'],
          rows: s.roles.map((r) => [
            ROLE_LABELS[r],
            ROLE_DUTIES[r],
            i.participants
              .filter((p) => p.role === r)
              .map((p) => p.name)
              .join(', ') || '—',
          ]),
        },
      ],
    },
    {
      heading: 'Checkpoints (what counts)',
      level: 1,
      blocks: [
        {
          kind: 'table',
          head: ['Checkpoint', 'Counts when'],
          rows: [
            ['Detected (stops TTD)', s.checkpoints.declared ?? 'Someone declares the incident.'],
            ['Contained (stops TTC)', s.checkpoints.contained ?? 'The agent is halted and its credentials revoked.'],
            ['Recovered (stops TTR)', s.checkpoints.recovered ?? 'Restored and verified against the system of record.'],
          ],
        },
      ],
    },
  ];
  s.phases.forEach((p, idx) => {
    sections.push({
      heading: `Module ${idx + 1}: ${p.title}`,
      level: 1,
      blocks: [
        byModule[idx]!.length
          ? {
              kind: 'table',
              head: ['Time', 'From', 'Inject', 'Text'],
              rows: byModule[idx]!.map((x) => [t(x.at), x.from || '—', x.title, x.text]),
            }
          : { kind: 'p', text: 'No new injects in this module: the discussion continues from the last one.' },
        { kind: 'p', text: 'Expected decisions', strong: true },
        {
          kind: 'table',
          head: ['Decision', 'By', 'Controls'],
          rows: p.decisions.map((d) => [d.text, t(d.by), d.controls.join(', ') || '—']),
        },
        { kind: 'p', text: 'Discussion questions', strong: true },
        { kind: 'bullets', items: questionsFor(s, idx) },
      ],
    });
  });
  if (s.measures.length) sections.push({ heading: 'Measures to capture', level: 1, blocks: [{ kind: 'bullets', items: s.measures }] });
  if (s.sandbox) sections.push(liveFireSection(s.sandbox));
  return {
    kind: 'Situation Manual',
    title: s.title,
    meta: [
      `Scenario ${s.id} v${s.version}`,
      `Prepared ${i.generatedAt}`,
      'For exercise participants: the scenario is fictional; the controls are real.',
    ],
    sections,
  };
}
