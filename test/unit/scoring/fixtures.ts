import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseChecklistYaml } from '../../../core/checklist/loader';
import type { Checklist, Control } from '../../../core/checklist/schema';
import { Checklist as ChecklistSchema } from '../../../core/checklist/schema';
import { Grant, type Agent, type Environment, type InventorySnapshot, type System, type Workflow } from '../../../core/inventory/model';
import type { Answer, ScoringInput } from '../../../core/scoring/types';

const T = '2026-01-01T00:00:00.000Z';
export const ASOF = '2026-06-01';

export function defaultChecklist(): Checklist {
  const r = parseChecklistYaml(readFileSync(fileURLToPath(new URL('../../../checklists/readiness-default.yaml', import.meta.url)), 'utf8'));
  if (!r.ok) throw new Error('default checklist invalid');
  return r.checklist;
}

/** A one-off control for focused tests. */
export function control(over: Partial<Control> & { id: string }): Record<string, unknown> {
  return {
    area: over.id.split('-')[0],
    title: `Control ${over.id}`,
    question: 'Is it so?',
    guidance: 'Make it so.',
    evidence: 'A record.',
    weight: 2,
    critical: false,
    reviewPeriodDays: 90,
    frameworks: [
      { framework: 'NIST-800-53', ids: ['AC-6'] },
      { framework: 'SOC2', ids: ['CC6.3'] },
    ],
    ...over,
  };
}

/** Build and validate a small checklist from control overrides. */
export function checklistOf(controls: Record<string, unknown>[]): Checklist {
  const areas = [...new Set(controls.map((c) => String(c.area)))].map((id) => ({ id, title: id, description: id }));
  return ChecklistSchema.parse({ id: 'test-list', version: '1.0.0', title: 'Test', areas, controls });
}

export const env = (id: string, tier: Environment['tier']): Environment => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  tier,
  builtin: true,
  createdAt: T,
  updatedAt: T,
  version: 1,
});
export const sys = (id: string, criticality: System['criticality'] = 'high'): System => ({
  id,
  name: `System ${id}`,
  kind: 'database',
  criticality,
  dataSensitivity: 'internal',
  createdAt: T,
  updatedAt: T,
  version: 1,
});
export const agent = (id: string, over: Partial<Agent> = {}): Agent => ({
  id,
  name: `Agent ${id}`,
  purpose: 'Does things',
  accountableOwner: 'Owner',
  technicalOperator: 'Ops',
  vendorModel: 'Model',
  lifecycle: 'production',
  escalationContact: 'On-call',
  workflowIds: ['wf1'],
  createdAt: T,
  updatedAt: T,
  version: 1,
  ...over,
});
let gid = 0;
export const grant = (agentId: string, over: Partial<Grant> = {}): Grant =>
  // Parsed, so fields with a default need not be listed here (a new registry field adds none).
  Grant.parse({
    id: `g${++gid}`,
    agentId,
    systemId: 'db',
    environmentId: 'prod',
    actions: ['read'],
    scope: 'items/*',
    credentialIdentity: `cred-${agentId}-${gid}`,
    approvalGate: 'none',
    expiresAt: '2027-01-01',
    justification: '',
    createdAt: T,
    updatedAt: T,
    version: 1,
    ...over,
  });
export const workflow = (id: string, owner = 'Wendy'): Workflow => ({
  id,
  name: `Flow ${id}`,
  purpose: '',
  owner,
  createdAt: T,
  updatedAt: T,
  version: 1,
});

export function inventory(over: Partial<InventorySnapshot> = {}): InventorySnapshot {
  return {
    workflows: [workflow('wf1')],
    agents: [],
    systems: [sys('db'), sys('crm', 'low')],
    environments: [env('prod', 'production'), env('staging', 'staging'), env('sandbox', 'sandbox'), env('ro', 'read-only')],
    grants: [],
    ...over,
  };
}

export function answer(agentId: string, controlId: string, value: Answer['value'], over: Partial<Answer> = {}): Answer {
  return { agentId, controlId, value, naReason: '', note: '', answeredBy: 'tester', answeredAt: T, evidence: [], ...over };
}
export const evidence = (evidenceDate: string) => ({
  id: `e-${evidenceDate}`,
  kind: 'note' as const,
  label: 'note',
  evidenceDate,
  recordedBy: 'tester',
});

export function input(over: Partial<ScoringInput> & { checklist: Checklist }): ScoringInput {
  return {
    inventory: inventory(),
    drillEvidence: { recoveries: [], openCorrectiveActions: [] },
    answers: [],
    acceptedRisks: [],
    asOf: ASOF,
    ...over,
  };
}
