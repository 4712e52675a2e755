import {
  ACTION_CLASSES,
  CRITICALITIES,
  ENVIRONMENT_TIERS,
  LIFECYCLES,
  SENSITIVITIES,
  SYSTEM_KINDS,
  type Agent,
  type Environment,
  type Grant,
  type System,
  type Workflow,
} from '../../../core/inventory/model';
import type { FieldSpec, FormValues } from '../../components/FormDialog';

const opts = (values: readonly string[]) => values.map((v) => ({ value: v, label: v.replace(/-/g, ' ') }));
const str = (v: FormValues[string] | undefined): string => (Array.isArray(v) ? v.join(',') : (v ?? ''));
const list = (v: FormValues[string] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

export const workflowFields: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text', required: true },
  { name: 'purpose', label: 'Purpose', kind: 'textarea' },
  { name: 'owner', label: 'Owner', kind: 'text', hint: 'The person accountable for this workflow end to end.' },
];
export const workflowValues = (w?: Workflow): FormValues => ({ name: w?.name ?? '', purpose: w?.purpose ?? '', owner: w?.owner ?? '' });
export const workflowInput = (v: FormValues) => ({ name: str(v.name), purpose: str(v.purpose), owner: str(v.owner) });

export const agentFields = (workflows: readonly Workflow[]): FieldSpec[] => [
  { name: 'name', label: 'Name', kind: 'text', required: true },
  { name: 'purpose', label: 'Purpose', kind: 'textarea' },
  {
    name: 'accountableOwner',
    label: 'Accountable owner',
    kind: 'text',
    hint: 'A named person, not a team: who answers for what this agent does.',
  },
  { name: 'technicalOperator', label: 'Technical operator', kind: 'text' },
  { name: 'vendorModel', label: 'Vendor / model', kind: 'text' },
  { name: 'lifecycle', label: 'Lifecycle status', kind: 'select', options: opts(LIFECYCLES) },
  {
    name: 'escalationContact',
    label: 'Escalation contact',
    kind: 'text',
    hint: 'Who the agent (or its operator) stops and asks when something looks wrong.',
  },
  ...(workflows.length
    ? [
        {
          name: 'workflowIds',
          label: 'Workflows served',
          kind: 'checkboxes' as const,
          options: workflows.map((w) => ({ value: w.id, label: w.name })),
        },
      ]
    : []),
];
export const agentValues = (a?: Agent): FormValues => ({
  name: a?.name ?? '',
  purpose: a?.purpose ?? '',
  accountableOwner: a?.accountableOwner ?? '',
  technicalOperator: a?.technicalOperator ?? '',
  vendorModel: a?.vendorModel ?? '',
  lifecycle: a?.lifecycle ?? 'proposed',
  escalationContact: a?.escalationContact ?? '',
  workflowIds: a?.workflowIds ?? [],
});
export const agentInput = (v: FormValues) => ({
  name: str(v.name),
  purpose: str(v.purpose),
  accountableOwner: str(v.accountableOwner),
  technicalOperator: str(v.technicalOperator),
  vendorModel: str(v.vendorModel),
  lifecycle: str(v.lifecycle) as Agent['lifecycle'],
  escalationContact: str(v.escalationContact),
  workflowIds: list(v.workflowIds),
});

export const systemFields: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text', required: true },
  { name: 'kind', label: 'Kind', kind: 'select', options: opts(SYSTEM_KINDS) },
  { name: 'criticality', label: 'Criticality', kind: 'select', options: opts(CRITICALITIES) },
  { name: 'dataSensitivity', label: 'Data sensitivity', kind: 'select', options: opts(SENSITIVITIES) },
];
export const systemValues = (s?: System): FormValues => ({
  name: s?.name ?? '',
  kind: s?.kind ?? 'database',
  criticality: s?.criticality ?? 'medium',
  dataSensitivity: s?.dataSensitivity ?? 'internal',
});
export const systemInput = (v: FormValues) => ({
  name: str(v.name),
  kind: str(v.kind) as System['kind'],
  criticality: str(v.criticality) as System['criticality'],
  dataSensitivity: str(v.dataSensitivity) as System['dataSensitivity'],
});

export const environmentFields: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text', required: true },
  {
    name: 'tier',
    label: 'Tier',
    kind: 'select',
    options: opts(ENVIRONMENT_TIERS),
    hint: 'Risk is judged by tier: production is where a missing gate hurts.',
  },
];
export const environmentValues = (e?: Environment): FormValues => ({ name: e?.name ?? '', tier: e?.tier ?? 'staging' });
export const environmentInput = (v: FormValues) => ({ name: str(v.name), tier: str(v.tier) as Environment['tier'] });

export const GATE_LABELS = { none: 'No approval', single: 'Single approver', 'two-person': 'Two-person approval' } as const;

export const grantFields = (systems: readonly System[], environments: readonly Environment[]): FieldSpec[] => [
  { name: 'systemId', label: 'System', kind: 'select', required: true, options: systems.map((s) => ({ value: s.id, label: s.name })) },
  {
    name: 'environmentId',
    label: 'Environment',
    kind: 'select',
    required: true,
    options: environments.map((e) => ({ value: e.id, label: `${e.name} (${e.tier})` })),
  },
  { name: 'actions', label: 'Actions', kind: 'checkboxes', required: true, options: opts(ACTION_CLASSES) },
  {
    name: 'approvalGate',
    label: 'Approval gate',
    kind: 'select',
    options: Object.entries(GATE_LABELS).map(([value, label]) => ({ value, label })),
    hint: 'Enforced outside the model: at the tool or the platform, not in the prompt.',
  },
  { name: 'scope', label: 'Scope within the system', kind: 'text', hint: 'e.g. invoices/* ; "*" means everything.' },
  { name: 'credentialIdentity', label: 'Credential identity', kind: 'text', hint: 'The service account or token the agent uses here.' },
  { name: 'expiresAt', label: 'Expires on', kind: 'date', hint: 'Leave empty only for standing access you have justified.' },
  { name: 'justification', label: 'Justification', kind: 'textarea' },
];
export const grantValues = (g: Grant | undefined, systems: readonly System[], environments: readonly Environment[]): FormValues => ({
  systemId: g?.systemId ?? systems[0]?.id ?? '',
  environmentId: g?.environmentId ?? environments[0]?.id ?? '',
  actions: g?.actions ?? ['read'],
  approvalGate: g?.approvalGate ?? 'none',
  scope: g?.scope ?? '*',
  credentialIdentity: g?.credentialIdentity ?? '',
  expiresAt: g?.expiresAt ?? '',
  justification: g?.justification ?? '',
});
export const grantInput = (agentId: string, v: FormValues) => ({
  agentId,
  systemId: str(v.systemId),
  environmentId: str(v.environmentId),
  actions: list(v.actions) as Grant['actions'],
  approvalGate: str(v.approvalGate) as Grant['approvalGate'],
  scope: str(v.scope),
  credentialIdentity: str(v.credentialIdentity),
  expiresAt: str(v.expiresAt) || null,
  justification: str(v.justification),
});
