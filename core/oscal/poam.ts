import type { OscalAction, OscalInput } from './input';
import { metadataFor, personUuid, toolOrigin } from './metadata';
import { oscalDay, oscalTime, prose } from './text';

type Uuid = (name: string) => string;

const DONE = new Set(['closed', 'done', 'verified']);
const riskStatus = (s: string): string =>
  DONE.has(s) ? 'closed' : s === 'in-progress' || s === 'in progress' ? 'remediating' : s === 'wont-fix' ? 'deviation-approved' : 'open';

function riskOf(uuid: Uuid, a: OscalAction) {
  const done = DONE.has(a.status);
  const task = {
    uuid: uuid(`task:${a.id}`),
    type: 'milestone',
    title: prose(a.dueDate ? `Due ${a.dueDate}` : 'No due date set'),
    ...(a.dueDate ? { timing: { 'on-date': { date: oscalDay(a.dueDate) } } } : {}),
    ...(a.owner.trim() ? { 'responsible-roles': [{ 'role-id': 'action-owner', 'party-uuids': [personUuid(uuid, a.owner)] }] } : {}),
  };
  return {
    uuid: uuid(`risk:action:${a.id}`),
    title: prose(a.title),
    description: prose(`Corrective action from ${a.source}.`),
    statement: prose(
      `${a.title}. Owner: ${a.owner || 'not set'}. Status: ${a.status}${a.closedAt ? ` (closed ${a.closedAt.slice(0, 10)})` : ''}.`,
    ),
    status: riskStatus(a.status),
    origins: toolOrigin(uuid),
    ...(a.dueDate ? { deadline: oscalDay(a.dueDate) } : {}),
    remediations: [
      {
        uuid: uuid(`remediation:${a.id}`),
        lifecycle: done ? 'completed' : 'planned',
        title: prose(a.title),
        description: prose(`Owner: ${a.owner || 'not set'}.`),
        tasks: [task],
      },
    ],
  };
}

/**
 * An OSCAL Plan of Action and Milestones (1.0.5) of every corrective action, whatever its status.
 * OSCAL puts the owner and due date on the item's risk: `deadline`, and a remediation whose
 * milestone task has the due date and the owner's role. Deterministic like the Assessment Results.
 */
export function buildPoam(input: OscalInput, uuid: Uuid) {
  const docKey = `${input.workspace.id}:${input.assessment?.id ?? 'draft'}`;
  const actions = [...input.actions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const owners = actions.map((a) => a.owner).filter((o) => o.trim());
  const items = actions.length
    ? actions.map((a) => ({
        uuid: uuid(`poam-item:${a.id}`),
        title: prose(a.title),
        description: prose(`${a.title} (${a.source}; owner ${a.owner || 'not set'}; ${a.dueDate ? `due ${a.dueDate}` : 'no due date'}).`),
        remarks: `Status: ${a.status}.${a.controlIds.length ? ` Controls: ${a.controlIds.join(', ')}.` : ''}`,
        origins: toolOrigin(uuid),
        'related-risks': [{ 'risk-uuid': uuid(`risk:action:${a.id}`) }],
      }))
    : // poam-items needs at least one entry: an empty plan says so rather than inventing an action.
      [{ uuid: uuid(`poam-item:none:${docKey}`), title: 'No corrective actions', description: 'No corrective action was recorded.' }];
  return {
    'plan-of-action-and-milestones': {
      uuid: uuid(`poam:${docKey}`),
      metadata: {
        ...metadataFor(uuid, input, prose(`Corrective actions (POA&M), ${input.workspace.name}`), owners, [
          { id: 'action-owner', title: 'Corrective action owner' },
        ]),
        'last-modified': oscalTime(input.generatedAt),
      },
      ...(actions.length ? { risks: actions.map((a) => riskOf(uuid, a)) } : {}),
      'poam-items': items,
    },
  };
}
