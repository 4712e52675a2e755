/** The tracker's form fields and how their values become requests (validation is the back end's). */
import { ACTION_PRIORITIES, type ActionRow } from '../../../core/actions/model';
import type { Request } from '../../../core/contract/index';
import type { FieldSpec, FormValues } from '../../components/FormDialog';

const PRIORITY_LABELS: Record<(typeof ACTION_PRIORITIES)[number], string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** "APR-2, LOG-1" -> ["APR-2", "LOG-1"] */
export const splitList = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : String(v ?? '').split(',')).map((s) => s.trim()).filter(Boolean);

export function actionFields(workspaceId: string): FieldSpec[] {
  return [
    { name: 'title', label: 'What must be done', kind: 'text', required: true, maxLength: 1000 },
    { name: 'description', label: 'Details', kind: 'textarea', maxLength: 4000 },
    { name: 'owner', label: 'Owner', kind: 'text', required: true, maxLength: 120 },
    { name: 'dueDate', label: 'Due date', kind: 'date', required: true },
    {
      name: 'priority',
      label: 'Priority',
      kind: 'select',
      options: ACTION_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] })),
    },
    { name: 'controlIds', label: 'Controls', kind: 'text', hint: 'Control ids, separated by commas (APR-2, LOG-1)' },
    { name: 'agentIds', label: 'Agents', kind: 'agents', workspaceId },
  ];
}

export const actionInitial = (a?: Partial<ActionRow>): FormValues => ({
  title: a?.title ?? '',
  description: a?.description ?? '',
  owner: a?.owner ?? '',
  dueDate: a?.dueDate ?? '',
  priority: a?.priority ?? 'medium',
  controlIds: (a?.controlIds ?? []).join(', '),
  agentIds: a?.agentIds ?? [],
});

export const actionInput = (v: FormValues): Request<'actions:create'>['action'] => ({
  title: String(v.title ?? ''),
  description: String(v.description ?? ''),
  owner: String(v.owner ?? ''),
  dueDate: String(v.dueDate ?? ''),
  priority: String(v.priority ?? 'medium') as (typeof ACTION_PRIORITIES)[number],
  controlIds: splitList(v.controlIds),
  agentIds: splitList(v.agentIds),
});

export { PRIORITY_LABELS };
