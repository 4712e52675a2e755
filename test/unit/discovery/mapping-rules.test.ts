import { describe, expect, it } from 'vitest';
import { ACTION_CLASSES } from '../../../core/inventory/model';
import { MAPPING_RULES } from '../../../core/discovery';
import { ACTION_RULES } from '../../../core/discovery/mapping/action-rules';
import { classify, classifyTool, environmentOf, systemKindOf } from '../../../core/discovery/mapping/classify';
import { GATE_RULES, gateFor } from '../../../core/discovery/mapping/gate-rules';
import { ENVIRONMENT_RULES, SYSTEM_KIND_RULES } from '../../../core/discovery/mapping/system-rules';

const serverFrom = (example: string) => {
  const [name = '', command = null, ...args] = example.split(' ');
  return { name, command, args, url: null };
};

describe('the mapping table: one test per row', () => {
  it('lists every row of the four tables once', () => {
    expect(MAPPING_RULES).toHaveLength(SYSTEM_KIND_RULES.length + ENVIRONMENT_RULES.length + ACTION_RULES.length + GATE_RULES.length);
    expect(new Set(MAPPING_RULES.map((r) => r.id)).size).toBe(MAPPING_RULES.length);
  });

  it.each(SYSTEM_KIND_RULES.map((r) => [r.id, r] as const))('system kind %s decides its example', (_id, rule) => {
    const found = systemKindOf(serverFrom(rule.example));
    expect(found.id).toBe(rule.id);
    expect(found.kind).toBe(rule.kind);
  });

  it.each(ENVIRONMENT_RULES.map((r) => [r.id, r] as const))('environment %s decides its example, and says why', (_id, rule) => {
    const env = environmentOf([rule.example]);
    expect(env.rule).toBe(rule.id);
    expect(env.tier).toBe(rule.tier);
    expect(env.reason).toContain(`${rule.example.kind} ${rule.example.value}`);
  });

  it.each(ACTION_RULES.map((r) => [r.id, r] as const))('action %s decides its example', (_id, rule) => {
    const c = classify(rule.source, rule.example);
    expect(c?.rule).toBe(rule.id);
    expect(c?.classes).toEqual(rule.classes === 'all' ? [...ACTION_CLASSES] : rule.classes);
  });

  it.each(GATE_RULES.map((r) => [r.id, r] as const))('gate %s decides its example', (_id, rule) => {
    const g = gateFor(rule.example);
    expect(g.rule).toBe(rule.id);
    expect(g.gate).toBe(rule.gate);
    expect(g.reason.length).toBeGreaterThan(20);
  });
});

describe('what the rows mean together', () => {
  it('names the deciding hint: "Production: host db.prod.internal"', () => {
    expect(environmentOf([{ kind: 'host', value: 'db.prod.internal' }]).reason).toBe('Production: host db.prod.internal');
  });

  it('the riskiest environment wins, whatever the order of the hints', () => {
    const hints = [
      { kind: 'variable', value: 'DEV_TOKEN' },
      { kind: 'host', value: 'api.staging.acme.io' },
      { kind: 'key prefix', value: 'sk_live_***' },
    ] as const;
    expect(environmentOf(hints).tier).toBe('production');
    expect(environmentOf([...hints].reverse()).tier).toBe('production');
  });

  it('does not read environment words inside other words or in public top-level domains', () => {
    expect(environmentOf([{ kind: 'host', value: 'preprod.acme.io' }]).tier).toBe('staging');
    expect(environmentOf([{ kind: 'name', value: 'product-catalog' }]).rule).toBe('env-assumed-production');
    expect(environmentOf([{ kind: 'host', value: 'mcp.sentry.dev' }]).rule).toBe('env-assumed-production');
    expect(environmentOf([{ kind: 'host', value: 'api.dev.acme.dev' }]).tier).toBe('sandbox');
  });

  it('with no hint at all, assumes Production and says so', () => {
    expect(environmentOf([])).toMatchObject({
      tier: 'production',
      reason: 'Production (assumed): nothing in the file names an environment',
    });
  });

  it('`*` in IAM gives every class, so the riskiest applies', () => {
    expect(classify('iam', '*')!.classes).toEqual([...ACTION_CLASSES]);
    expect(classify('iam', 's3:Delete*')!.classes).toEqual(['delete']);
    expect(classify('iam', 'iam:Attach*')!.classes).toEqual(['permission-change']);
  });

  it('annotations only add risk: readOnlyHint never removes what the name says', () => {
    const c = classifyTool({ name: 'drop_table', annotations: { readOnlyHint: true }, labels: [] });
    expect(c.flatMap((x) => x.classes)).toEqual(['delete']);
    const hinted = classifyTool({ name: 'tidy', annotations: { destructiveHint: true }, labels: [] });
    expect(hinted.flatMap((x) => x.classes)).toEqual(['execute', 'delete']);
    expect(hinted[1]!.reason).toMatch(/an untrusted hint/);
  });

  it('a bypass anywhere beats an ask mode', () => {
    const set = (setting: string, value: string, tools: string[] = []) => ({ setting, value, tools, where: setting });
    const g = gateFor({
      client: 'Claude Code',
      server: 'db',
      tool: 'query',
      settings: [set('permissions.ask', '1', ['mcp__db__query']), set('permissions.defaultMode', 'bypassPermissions')],
    });
    expect(g).toMatchObject({ gate: 'none', rule: 'gate-claude-bypass' });
    const scoped = gateFor({ client: 'Cursor', server: 'db', tool: 'drop', settings: [set('autoApprove', 'query', ['query'])] });
    expect(scoped.gate).toBe('single');
  });
});
