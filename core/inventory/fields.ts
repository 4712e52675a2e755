import type { z } from 'zod';
import { dateRule, nameRule, namesRule, oneOfRule, optNameRule, scopeRule, setRule, textRule } from './field-rules';
import type { FieldRegistry } from './field-registry';
import {
  ACTION_CLASSES,
  APPROVAL_GATES,
  CRITICALITIES,
  ENVIRONMENT_TIERS,
  LIFECYCLES,
  SENSITIVITIES,
  SYSTEM_KINDS,
  type AgentInput,
  type EnvironmentInput,
  type GrantInput,
  type SystemInput,
  type WorkflowInput,
} from './model';

/*
 * The field registry: every inventory field declared once. The store's column lists, the import's
 * column names and rules, the export columns and the forms are all read from here, and each
 * registry must cover exactly its entity's keys (see FieldRegistry). Declaration order is the
 * import/export column order and the default form order.
 */

const nameField = (...aliases: string[]) =>
  ({
    label: 'Name',
    column: 'name',
    control: 'text',
    required: true,
    importKey: 'name',
    aliases,
    header: 'Name',
    rule: nameRule,
    importRequired: true,
  }) as const;
const purposeField = {
  label: 'Purpose',
  column: 'purpose',
  control: 'textarea',
  importKey: 'purpose',
  aliases: ['description'],
  header: 'Purpose',
  rule: textRule,
  importDefault: '',
} as const;
const personField = (key: string, column: string, label: string, aliases: readonly string[], help?: string) =>
  ({
    label,
    column,
    control: 'text',
    importKey: key,
    aliases,
    header: label,
    rule: optNameRule,
    importDefault: '',
    ...(help ? { help } : {}),
  }) as const;
const enumField = (
  key: string,
  column: string,
  label: string,
  options: readonly string[],
  dflt: string | null,
  aliases: readonly string[],
) =>
  ({
    label,
    column,
    control: 'select',
    options,
    importKey: key,
    aliases,
    header: label,
    rule: oneOfRule(options, label),
    ...(dflt === null ? { importRequired: true as boolean } : { importDefault: dflt }),
  }) as const;

export const workflowFields = {
  name: nameField('workflow', 'workflow name'),
  purpose: purposeField,
  owner: personField('owner', 'owner', 'Owner', [], 'The person accountable for this workflow end to end.'),
} satisfies FieldRegistry<z.output<typeof WorkflowInput>>;

export const systemFields = {
  name: nameField('system', 'system name'),
  kind: enumField('kind', 'kind', 'Kind', SYSTEM_KINDS, null, ['type']),
  criticality: enumField('criticality', 'criticality', 'Criticality', CRITICALITIES, 'medium', []),
  dataSensitivity: enumField('dataSensitivity', 'data_sensitivity', 'Data sensitivity', SENSITIVITIES, 'internal', ['sensitivity']),
} satisfies FieldRegistry<z.output<typeof SystemInput>>;

export const environmentFields = {
  name: nameField('environment'),
  tier: {
    ...enumField('tier', 'tier', 'Tier', ENVIRONMENT_TIERS, null, []),
    help: 'Risk is judged by tier: production is where a missing gate hurts.',
  },
} satisfies FieldRegistry<z.output<typeof EnvironmentInput>>;

export const agentFields = {
  name: nameField('agent', 'agent name'),
  purpose: purposeField,
  accountableOwner: personField(
    'accountableOwner',
    'accountable_owner',
    'Accountable owner',
    ['owner'],
    'A named person, not a team: who answers for what this agent does.',
  ),
  technicalOperator: personField('technicalOperator', 'technical_operator', 'Technical operator', ['operator']),
  vendorModel: personField('vendorModel', 'vendor_model', 'Vendor / model', ['vendor', 'model']),
  lifecycle: {
    ...enumField('lifecycle', 'lifecycle', 'Lifecycle', LIFECYCLES, 'proposed', ['status', 'stage']),
    label: 'Lifecycle status',
  },
  escalationContact: personField(
    'escalationContact',
    'escalation_contact',
    'Escalation contact',
    ['escalation'],
    'Who the agent (or its operator) stops and asks when something looks wrong.',
  ),
  workflowIds: {
    label: 'Workflows served',
    column: null, // agent_workflows link table
    control: 'references',
    references: 'workflows',
    importKey: 'workflows',
    aliases: [],
    header: 'Workflows',
    rule: namesRule('Workflows', 200),
    importDefault: [],
  },
} satisfies FieldRegistry<z.output<typeof AgentInput>>;

const referenceField = (key: string, column: string, label: string, references: 'agents' | 'systems' | 'environments', alias: string) =>
  ({
    label,
    column,
    control: 'reference',
    references,
    required: true,
    importKey: key,
    aliases: [alias],
    header: label,
    rule: nameRule,
    importRequired: true,
  }) as const;

export const grantFields = {
  agentId: referenceField('agent', 'agent_id', 'Agent', 'agents', 'agent name'),
  systemId: referenceField('system', 'system_id', 'System', 'systems', 'system name'),
  environmentId: referenceField('environment', 'environment_id', 'Environment', 'environments', 'env'),
  actions: {
    label: 'Actions',
    column: 'actions',
    json: true,
    control: 'checkboxes',
    options: ACTION_CLASSES,
    required: true,
    importKey: 'actions',
    aliases: ['action', 'permissions'],
    header: 'Actions',
    rule: setRule(ACTION_CLASSES, 'Actions'),
    importRequired: true,
  },
  scope: {
    label: 'Scope within the system',
    column: 'scope',
    control: 'text',
    help: 'e.g. invoices/* ; "*" means everything.',
    importKey: 'scope',
    aliases: ['resource'],
    header: 'Scope',
    rule: scopeRule,
    importDefault: '*',
  },
  credentialIdentity: {
    ...personField('credentialIdentity', 'credential_identity', 'Credential identity', ['credential', 'identity']),
    help: 'The service account or token the agent uses here.',
  },
  approvalGate: {
    ...enumField('approvalGate', 'approval_gate', 'Approval gate', APPROVAL_GATES, 'none', ['approval', 'gate']),
    help: 'Enforced outside the model: at the tool or the platform, not in the prompt.',
  },
  expiresAt: {
    label: 'Expires on',
    column: 'expires_at',
    control: 'date',
    help: 'Leave empty only for standing access you have justified.',
    importKey: 'expiresAt',
    aliases: ['expires', 'expiry', 'expires at'],
    header: 'Expires',
    rule: dateRule,
    importDefault: null,
  },
  justification: {
    ...purposeField,
    label: 'Justification',
    column: 'justification',
    importKey: 'justification',
    aliases: ['reason'],
    header: 'Justification',
  },
} satisfies FieldRegistry<z.output<typeof GrantInput>>;

/** Every entity's registry, by the import/export entity name. */
export const INVENTORY_FIELDS = {
  workflows: workflowFields,
  systems: systemFields,
  environments: environmentFields,
  agents: agentFields,
  grants: grantFields,
} as const;
