import { describe, expect, it } from 'vitest';
import { EXAMPLE_POLICY, evaluatePolicy, parsePolicy, type PolicyInput } from '../../../core/policy/index';

const env = [
  { id: 'p', name: 'Production', tier: 'production' as const },
  { id: 's', name: 'Staging', tier: 'staging' as const },
];
const agent = (id: string, name: string, owner = '') => ({
  id,
  name,
  accountableOwner: owner,
  technicalOperator: '',
  escalationContact: '',
  purpose: '',
  vendorModel: '',
});
const grant = (
  id: string,
  agentId: string,
  environmentId: string,
  actions: PolicyInput['grants'][number]['actions'],
  gate: 'none' | 'single' | 'two-person',
  extra: Partial<PolicyInput['grants'][number]> = {},
) => ({
  id,
  agentId,
  systemId: 'db',
  environmentId,
  actions,
  approvalGate: gate,
  expiresAt: null,
  credentialIdentity: '',
  ...extra,
});
const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  agents: [agent('a', 'Cleaner', 'Ana'), agent('b', 'Ownerless')],
  systems: [{ id: 'db', name: 'Orders DB' }],
  environments: env,
  grants: [
    grant('g1', 'a', 'p', ['delete'], 'single', { credentialIdentity: 'svc-shared' }),
    grant('g2', 'a', 's', ['write'], 'none', { credentialIdentity: 'svc-shared' }),
    grant('g3', 'b', 'p', ['read'], 'none', { expiresAt: '2027-01-01' }),
  ],
  discoveredShared: [],
  autoApproving: [{ agentName: 'Cleaner', reason: 'autoApprove lists every tool' }],
  checklistFindings: [{ ruleId: 'destructive-without-gate', agentName: 'Cleaner', message: 'delete in production with no gate' }],
  ...over,
});

describe('policy files', () => {
  it('the example policy parses, and each of its rules finds what it names, with the reason', () => {
    const parsed = parsePolicy(EXAMPLE_POLICY);
    expect(parsed.errors).toEqual([]);
    const r = evaluatePolicy(parsed.policy!, input());
    const by = (id: string) => r.violations.filter((v) => v.ruleId === id);
    expect(by('two-person-delete-in-production')).toEqual([
      expect.objectContaining({ subject: 'Cleaner → Orders DB in Production', reason: expect.stringContaining('"two-person"') }),
    ]);
    expect(by('accountable-owner').map((v) => v.subject)).toEqual(['Ownerless']);
    expect(by('no-shared-credentials')[0]!.reason).toContain('production and staging');
    expect(by('no-auto-approving-client').map((v) => v.subject)).toEqual(['Cleaner']);
    expect(by('expiry-in-production').map((v) => v.subject)).toEqual(['Cleaner → Orders DB in Production']);
    expect(by('checklist-destructive-gate')[0]!.reason).toBe('delete in production with no gate');
    expect(r.passed).toBe(false);
  });

  it('an empty workspace does not pass, even with no violation', () => {
    const r = evaluatePolicy(
      parsePolicy(EXAMPLE_POLICY).policy!,
      input({ agents: [], grants: [], autoApproving: [], checklistFindings: [] }),
    );
    expect(r).toMatchObject({ passed: false, empty: true, violations: [] });
  });

  it('reports schema errors at their line, column and field', () => {
    const text = [
      'version: 1',
      'rules:',
      '  - id: ok-rule',
      '    forbid: shared-credential',
      '  - id: Not Valid',
      '    forbid: everything',
      '    colour: red',
      '  - id: two',
      '    checklist: no-such-rule',
    ].join('\n');
    const r = parsePolicy(text);
    expect(r.policy).toBeNull();
    const at = (field: string) => r.errors.find((e) => e.field === field);
    expect(at('rules.1.id')).toMatchObject({ line: 5, column: 5 }); // at the key
    expect(at('rules.1.forbid')).toMatchObject({ line: 6, column: 5 });
    expect(at('rules.1.colour')).toMatchObject({ line: 7, column: 5 });
    expect(at('rules.2.checklist')).toMatchObject({ line: 9, message: expect.stringContaining('destructive-without-gate') });
  });

  it('reports YAML syntax errors with a line, without quoting the file, and refuses aliases and duplicate ids', () => {
    const syntax = parsePolicy('version: 1\nrules:\n  - id: a\n   forbid: [unclosed\n');
    expect(syntax.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(syntax.errors[0]!.message).not.toContain('unclosed');
    expect(parsePolicy('version: 1\nx: &a [1]\nrules: *a\n').policy).toBeNull();
    const dup = parsePolicy('version: 1\nrules:\n  - { id: a, forbid: shared-credential }\n  - { id: a, forbid: shared-credential }\n');
    expect(dup.errors[0]).toMatchObject({ field: 'rules.1.id', line: 4 });
  });

  it('is deterministic: the same policy and input give the same violations whatever the input order', () => {
    const p = parsePolicy(EXAMPLE_POLICY).policy!;
    const a = evaluatePolicy(p, input());
    const i = input();
    const b = evaluatePolicy(p, { ...i, agents: [...i.agents].reverse(), grants: [...i.grants].reverse() });
    expect(b.violations).toEqual(a.violations);
  });
});
