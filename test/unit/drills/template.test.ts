import { describe, expect, it } from 'vitest';
import { Grant, type InventorySnapshot } from '../../../core/inventory/model';
import { ScenarioSchema } from '../../../core/drills/scenario';
import { joinNames, renderScenario, templateValues } from '../../../core/drills/template';
import { fillPlaceholders } from '../../../core/drills/template-keys';
import { miniScenario } from './fixtures';

const T = '2026-01-01T00:00:00Z';
const stored = { createdAt: T, updatedAt: T, version: 1 };
const inv: InventorySnapshot = {
  workflows: [{ id: 'w1', name: 'Database maintenance', purpose: '', owner: 'Marcus Chen', ...stored }],
  agents: [
    {
      id: 'a1',
      name: 'DB Maintenance Agent',
      purpose: 'Purges rows',
      accountableOwner: 'Marcus Chen',
      technicalOperator: 'Data platform',
      vendorModel: 'X',
      lifecycle: 'production',
      escalationContact: 'DBA on-call',
      workflowIds: ['w1'],
      ...stored,
    },
    {
      id: 'a2',
      name: 'Orphan Bot',
      purpose: '',
      accountableOwner: '',
      technicalOperator: '',
      vendorModel: '',
      lifecycle: 'pilot',
      escalationContact: '',
      workflowIds: [],
      ...stored,
    },
  ],
  systems: [
    { id: 's1', name: 'Orders database', kind: 'database', criticality: 'critical', dataSensitivity: 'confidential', ...stored },
    { id: 's2', name: 'Team shared drive', kind: 'file-share', criticality: 'medium', dataSensitivity: 'internal', ...stored },
    { id: 's3', name: 'Staging DB', kind: 'database', criticality: 'low', dataSensitivity: 'internal', ...stored },
  ],
  environments: [
    { id: 'e1', name: 'Staging', tier: 'staging', builtin: true, ...stored },
    { id: 'e2', name: 'eu-prod', tier: 'production', builtin: false, ...stored },
  ],
  grants: [
    {
      id: 'g1',
      agentId: 'a1',
      systemId: 's3',
      environmentId: 'e1',
      actions: ['read', 'delete'],
      scope: '*',
      credentialIdentity: 'svc-stg',
      approvalGate: 'none',
      expiresAt: null,
      justification: '',
      ...stored,
    },
    {
      id: 'g2',
      agentId: 'a1',
      systemId: 's2',
      environmentId: 'e2',
      actions: ['read'],
      scope: '*',
      credentialIdentity: 'svc-drive',
      approvalGate: 'none',
      expiresAt: null,
      justification: '',
      ...stored,
    },
    {
      id: 'g3',
      agentId: 'a1',
      systemId: 's1',
      environmentId: 'e2',
      actions: ['read', 'delete'],
      scope: 'orders/*',
      credentialIdentity: 'svc-db-maint',
      approvalGate: 'none',
      expiresAt: null,
      justification: '',
      ...stored,
    },
  ].map((g) => Grant.parse(g)),
};

describe('templating against the inventory', () => {
  it("fills the target agent's real production system, environment, owner and credential", () => {
    const v = templateValues(inv, ['a1'], ['database']);
    expect(v).toMatchObject({
      'agent.name': 'DB Maintenance Agent',
      owner: 'Marcus Chen',
      'system.production.name': 'Orders database',
      'environment.production': 'eu-prod',
      'environment.staging': 'Staging',
      credential: 'svc-db-maint',
      scope: 'orders/*',
      'workflow.name': 'Database maintenance',
      agents: 'DB Maintenance Agent',
    });
  });

  it('prefers the scenario system kinds among production grants', () => {
    expect(templateValues(inv, ['a1'], ['file-share'])['system.production.name']).toBe('Team shared drive');
  });

  it('renders a scenario and reports the fallbacks it used', () => {
    const s = ScenarioSchema.parse(miniScenario);
    const ok = renderScenario(s, templateValues(inv, ['a1']));
    expect(ok.scenario.title).toBe('Mini drill for DB Maintenance Agent');
    expect(ok.scenario.injects[0]?.text).toBe('Errors on Orders database');
    expect(ok.fallbacks).toEqual([]);
    const orphan = renderScenario(s, templateValues(inv, ['a2']));
    expect(orphan.scenario.injects[0]?.text).toBe('Errors on the production system');
    expect(orphan.fallbacks.map((f) => f.key)).toEqual(['owner', 'system.production.name']); // owner: the standard owner-reach timer
    expect(orphan.scenario.timers.map((t) => t.label)).toEqual([
      'Log query: what did Orphan Bot change in eu-prod in the last 24 hours?',
      'Reach the accountable owner (none is named in the inventory)',
    ]);
    const none = renderScenario(s, templateValues(inv, []));
    expect(none.scenario.title).toBe('Mini drill for the agent');
  });

  it('uses the inline fallback, then the generic one; an owner missing from the inventory says so', () => {
    const resolve = (k: string) => templateValues(inv, ['a2'])[k as 'owner'];
    expect(fillPlaceholders('Page {{owner}}', resolve, () => 'generic')).toBe('Page generic');
    expect(fillPlaceholders('Restore {{system.production.name|the share}} now', resolve, () => 'generic')).toBe('Restore the share now');
    const rendered = renderScenario(ScenarioSchema.parse({ ...miniScenario, summary: 'Call {{owner}}.' }), templateValues(inv, ['a2']));
    expect(rendered.scenario.summary).toMatch(/none is named in the inventory/);
  });

  it('capitalises a fallback that starts a sentence, never an inventory value', () => {
    const none = () => null;
    expect(fillPlaceholders('{{agent.name}} runs. {{agent.name}} stops; ask {{agent.name}}.', none, () => 'the agent')).toBe(
      'The agent runs. The agent stops; ask the agent.',
    );
    expect(
      fillPlaceholders(
        '{{credential}} leaked',
        () => 'svc-db',
        () => 'x',
      ),
    ).toBe('svc-db leaked');
  });

  it('multi-agent names', () => {
    const v = templateValues(inv, ['a1', 'a2']);
    expect(v.agents).toBe('DB Maintenance Agent and Orphan Bot');
    expect(v['agent2.name']).toBe('Orphan Bot');
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
