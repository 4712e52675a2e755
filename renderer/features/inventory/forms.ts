import {
  agentFields as agentRegistry,
  environmentFields as environmentRegistry,
  grantFields as grantRegistry,
} from '../../../core/inventory/fields';
import { systemFields as systemRegistry, workflowFields as workflowRegistry } from '../../../core/inventory/fields';
import type {
  Agent,
  AgentInput,
  Environment,
  EnvironmentInput,
  Grant,
  GrantInput,
  System,
  SystemInput,
  Workflow,
  WorkflowInput,
} from '../../../core/inventory/model';
import type { FieldSpec, FormValues } from '../../components/FormDialog';
import { formFields, formInput, formValues } from './registry-form';

/*
 * The inventory forms, read from the field registry (core/inventory/fields.ts). What is left here
 * is layout: which fields a form hides, its order, and the defaults a new record starts from.
 */

export const workflowFields: FieldSpec[] = formFields(workflowRegistry);
export const workflowValues = (w?: Workflow): FormValues => formValues(workflowRegistry, w);
export const workflowInput = (v: FormValues) => formInput<WorkflowInput>(workflowRegistry, v);

export const agentFields = (workflows: readonly Workflow[]): FieldSpec[] =>
  formFields(agentRegistry, { workflows: workflows.map((w) => ({ value: w.id, label: w.name })) });
export const agentValues = (a?: Agent): FormValues => formValues(agentRegistry, a);
export const agentInput = (v: FormValues): AgentInput => formInput<AgentInput>(agentRegistry, v);

export const systemFields: FieldSpec[] = formFields(systemRegistry);
export const systemValues = (s?: System): FormValues => formValues(systemRegistry, s, { kind: 'database' });
export const systemInput = (v: FormValues) => formInput<SystemInput>(systemRegistry, v);

export const environmentFields: FieldSpec[] = formFields(environmentRegistry);
export const environmentValues = (e?: Environment): FormValues => formValues(environmentRegistry, e, { tier: 'staging' });
export const environmentInput = (v: FormValues) => formInput<EnvironmentInput>(environmentRegistry, v);

export const GATE_LABELS = { none: 'No approval', single: 'Single approver', 'two-person': 'Two-person approval' } as const;

/** Grant form layout: the agent is fixed by the page; the gate sits next to the actions it guards. */
export const grantFields = (systems: readonly System[], environments: readonly Environment[]): FieldSpec[] =>
  formFields<GrantInput>(
    grantRegistry,
    {
      systems: systems.map((s) => ({ value: s.id, label: s.name })),
      environments: environments.map((e) => ({ value: e.id, label: `${e.name} (${e.tier})` })),
    },
    {
      omit: ['agentId'],
      order: ['systemId', 'environmentId', 'actions', 'approvalGate', 'scope'],
      options: { approvalGate: Object.entries(GATE_LABELS).map(([value, label]) => ({ value, label })) },
    },
  );
/**
 * A new grant starts on the first system but with no environment and no action: both must be
 * chosen on purpose (an untouched "Add grant" used to create read access in Production).
 */
export const grantValues = (g: Grant | undefined, systems: readonly System[]): FormValues =>
  formValues(grantRegistry, g, { systemId: systems[0]?.id ?? '', environmentId: '', actions: [] });
export const grantInput = (agentId: string, v: FormValues): GrantInput => formInput<GrantInput>(grantRegistry, v, { agentId });
