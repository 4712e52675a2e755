import { z } from 'zod';
import { Id, IsoDate, Name, OptionalName, Text } from '../common/schemas';
import { dateRule, nameRule, namesRule, oneOfRule, optNameRule, scopeRule, setRule, textRule } from './field-rules';
import type { FieldDef } from './field-registry';
import {
  ACTION_CLASSES,
  APPROVAL_GATES,
  ActionClass,
  ApprovalGate,
  CRITICALITIES,
  Criticality,
  ENVIRONMENT_TIERS,
  EnvironmentTier,
  LIFECYCLES,
  Lifecycle,
  SENSITIVITIES,
  SYSTEM_KINDS,
  Sensitivity,
  SystemKind,
} from './vocabulary';

/*
 * The field registry: every inventory field declared once. The store's column lists, the import's
 * column names and rules, the export columns and the forms are all read from here, and each
 * registry must cover exactly its entity's keys (see FieldRegistry). Declaration order is the
 * import/export column order and the default form order.
 */

/** Each entity's registry is a record of complete field declarations; the entity's schema is read off it (model.ts). */
type Registry = Record<string, FieldDef>;

const nameField = (...aliases: string[]) =>
  ({
    schema: Name,
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
  schema: Text,
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
    schema: OptionalName,
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
/** A choice among the vocabulary's values; `schema` carries the same default the import applies. */
const enumField = <S extends z.ZodType>(
  key: string,
  column: string,
  label: string,
  options: readonly string[],
  dflt: string | null,
  aliases: readonly string[],
  schema: S,
) =>
  ({
    schema,
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
} satisfies Registry;

export const systemFields = {
  name: nameField('system', 'system name'),
  kind: enumField('kind', 'kind', 'Kind', SYSTEM_KINDS, null, ['type'], SystemKind),
  criticality: enumField('criticality', 'criticality', 'Criticality', CRITICALITIES, 'medium', [], Criticality.default('medium')),
  dataSensitivity: enumField(
    'dataSensitivity',
    'data_sensitivity',
    'Data sensitivity',
    SENSITIVITIES,
    'internal',
    ['sensitivity'],
    Sensitivity.default('internal'),
  ),
} satisfies Registry;

export const environmentFields = {
  name: nameField('environment'),
  tier: {
    ...enumField('tier', 'tier', 'Tier', ENVIRONMENT_TIERS, null, [], EnvironmentTier),
    help: 'Risk is judged by tier: production is where a missing gate hurts.',
  },
} satisfies Registry;

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
    ...enumField('lifecycle', 'lifecycle', 'Lifecycle', LIFECYCLES, 'proposed', ['status', 'stage'], Lifecycle.default('proposed')),
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
    schema: z.array(Id).max(200).default([]),
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
} satisfies Registry;

/** A reference chosen on a form: an empty choice says what to choose, not "Invalid id". */
const Ref = (what: string) => z.string().min(1, `Choose ${what}`).pipe(Id);

const referenceField = (
  key: string,
  column: string,
  label: string,
  references: 'agents' | 'systems' | 'environments',
  alias: string,
  what: string,
) =>
  ({
    schema: Ref(what),
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
  agentId: referenceField('agent', 'agent_id', 'Agent', 'agents', 'agent name', 'an agent'),
  systemId: referenceField('system', 'system_id', 'System', 'systems', 'system name', 'a system'),
  environmentId: referenceField('environment', 'environment_id', 'Environment', 'environments', 'env', 'an environment'),
  actions: {
    schema: z
      .array(ActionClass)
      .min(1, 'Choose at least one action')
      .max(ACTION_CLASSES.length)
      .refine((a) => new Set(a).size === a.length, 'Each action only once'),
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
    /** Resource scope inside the system, e.g. "invoices/*". "*" or empty means everything. */
    schema: z.string().trim().max(200, 'At most 200 characters').default('*'),
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
    ...enumField(
      'approvalGate',
      'approval_gate',
      'Approval gate',
      APPROVAL_GATES,
      'none',
      ['approval', 'gate'],
      ApprovalGate.default('none'),
    ),
    help: 'Enforced outside the model: at the tool or the platform, not in the prompt.',
  },
  expiresAt: {
    schema: IsoDate.nullable().default(null),
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
} satisfies Registry;

/** Every entity's registry, by the import/export entity name. */
export const INVENTORY_FIELDS = {
  workflows: workflowFields,
  systems: systemFields,
  environments: environmentFields,
  agents: agentFields,
  grants: grantFields,
} as const;
