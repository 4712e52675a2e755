import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const FIXTURES = join(__dirname, '../../fixtures/discovery');
const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
});
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const fixture = (rel: string) => ({ fileName: rel.split('/').pop()!, contentBase64: b64(readFileSync(join(FIXTURES, rel))) });

async function setup() {
  let t = Date.parse('2026-05-01T09:00:00.000Z');
  const r = await withWorkspace(false, { now: () => new Date((t += 1000)) });
  harnesses.push(r.h);
  return r;
}

describe('discovery channels', () => {
  it('runs on a Claude Desktop config: proposes agents, systems and grants with reasons, writes nothing until accepted', async () => {
    const { h, workspaceId } = await setup();
    const view = await h.call('discovery:run', { workspaceId, files: [fixture('claude-desktop/claude_desktop_config.json')] });
    expect(view.sources[0]).toMatchObject({ read: true, format: 'claude-desktop' });
    expect(view.sources[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const pg = view.items.find((i) => i.kind === 'grant' && /postgres/i.test(i.title) && i.grant?.environmentTier === 'production');
    expect(pg?.reasons.join(' ')).toContain('db.prod.internal');
    expect(pg?.grant?.approvalGate).toBeDefined();
    expect((await h.call('inventory:overview', { workspaceId })).agents).toHaveLength(0);

    const accepted = await h.call('discovery:accept', { workspaceId, runId: view.run.id, all: true });
    expect(accepted.created.agents).toBe(1);
    expect(accepted.created.grants).toBeGreaterThan(0);
    expect(accepted.view.pending).toBe(0);
    const overview = await h.call('inventory:overview', { workspaceId });
    expect(overview.agents.map((a) => a.name)).toEqual(['Claude Desktop']);
    const prov = await h.call('discovery:provenance', { workspaceId });
    expect(prov.records.find((r) => r.entity === 'agent')?.origin).toBe('discovered');

    // A re-run of the unchanged file proposes nothing.
    const again = await h.call('discovery:run', { workspaceId, files: [fixture('claude-desktop/claude_desktop_config.json')] });
    expect(again.pending).toBe(0);
    expect(again.items.filter((i) => i.acceptable)).toEqual([]);
    const runs = await h.call('discovery:runs', { workspaceId });
    expect(runs.runs).toHaveLength(2);
    expect(runs.runs[0]!.proposed).toBe(0);
  });

  it('accepts one item with an edit, and refuses an item that is not pending', async () => {
    const { h, workspaceId } = await setup();
    const view = await h.call('discovery:run', { workspaceId, files: [fixture('claude-desktop/claude_desktop_config.json')] });
    const grant = view.items.find((i) => i.kind === 'grant' && i.grant?.environmentTier === 'production')!;
    const r = await h.call('discovery:accept', {
      workspaceId,
      runId: view.run.id,
      items: [{ key: grant.key, environmentTier: 'staging', approvalGate: 'two-person' }],
    });
    expect(r.created.grants).toBe(1);
    const o = await h.call('inventory:overview', { workspaceId });
    const staging = o.environments.find((e) => e.tier === 'staging')!;
    expect(staging.grantCount).toBe(1);
    const err = await h.fail('discovery:accept', { workspaceId, runId: view.run.id, items: [{ key: 'agent:nobody' }] });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('agent:nobody');
  });

  it('a declared grant that is weaker in reality and a permission not declared are drift findings', async () => {
    const { h, workspaceId } = await setup();
    const first = await h.call('discovery:run', { workspaceId, files: [fixture('cursor/shop/.cursor/mcp.json')] });
    await h.call('discovery:accept', { workspaceId, runId: first.run.id, all: true });
    const o = await h.call('inventory:overview', { workspaceId });
    // Declare every grant as narrower and gated: reality is then wider and weaker.
    const agent = await h.call('agent:get', { workspaceId, id: o.agents[0]!.id });
    for (const g of agent.grants) {
      const { id, createdAt: _c, updatedAt: _u, ...fields } = g;
      await h.call('grant:update', { workspaceId, id, grant: { ...fields, actions: ['read'], approvalGate: 'two-person' } });
    }
    await h.call('discovery:run', { workspaceId, files: [fixture('cursor/shop/.cursor/mcp.json')] });
    const drift = await h.call('discovery:drift', { workspaceId });
    const kinds = new Set(drift.findings.map((f) => f.kind));
    expect(kinds.has('weaker-gate')).toBe(true);
    expect(kinds.has('undeclared-destructive')).toBe(true);
    const weaker = drift.findings.filter((f) => f.kind === 'weaker-gate').map((f) => f.reason);
    expect(weaker.some((r) => /^Declared gate two-person, but the client gives none: .*autoApprove/.test(r))).toBe(true);
    expect(drift.findings.every((f) => f.reason.length > 0)).toBe(true);
  });

  it('an accepted approval is bound to what was approved: a later run with another scope marks it stale', async () => {
    const { h, workspaceId } = await setup();
    const config = (root: string) => ({
      fileName: 'claude_desktop_config.json',
      contentBase64: b64(
        JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', root] } } }),
      ),
    });
    const first = await h.call('discovery:run', { workspaceId, files: [config('/srv/prod-reports')] });
    await h.call('discovery:accept', { workspaceId, runId: first.run.id, all: true });
    const same = await h.call('discovery:run', { workspaceId, files: [config('/srv/prod-reports')] });
    expect(same.findings.filter((f) => f.kind === 'stale-approval')).toEqual([]);
    const moved = await h.call('discovery:run', { workspaceId, files: [config('/')] });
    expect(moved.findings.filter((f) => f.kind === 'stale-approval')).toHaveLength(1);
  });

  it('a credential used in two environments is a shared-credential finding, found by fingerprint only', async () => {
    const { h, workspaceId } = await setup();
    const server = (host: string) => ({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-postgres'],
      env: { DATABASE_URL: `postgres://app:Same-Secret-0042@${host}:5432/app` },
    });
    const file = {
      fileName: 'claude_desktop_config.json',
      contentBase64: b64(JSON.stringify({ mcpServers: { prod: server('db.prod.internal'), stage: server('db.staging.internal') } })),
    };
    const view = await h.call('discovery:run', { workspaceId, files: [file] });
    const shared = view.findings.filter((f) => f.kind === 'shared-credential');
    expect(shared).toHaveLength(1);
    expect(shared[0]!.reason).toMatch(/production and staging/);
    expect(JSON.stringify(view)).not.toContain('Same-Secret-0042');
  });

  it('refuses to read paths outside the CLI, and validates the file list', async () => {
    const { h, workspaceId } = await setup();
    const noFiles = await h.fail('discovery:run', { workspaceId, files: [] });
    expect(noFiles.code).toBe('VALIDATION');
    expect(noFiles.message).toMatch(/Choose at least one file/);
    const badFormat = await h.fail('discovery:run', { workspaceId, files: [{ fileName: 'x.json', contentBase64: '', format: 'word' }] });
    expect(badFormat.issues?.[0]?.path).toBe('files.0.format');
    expect((await h.call('discovery:runs', { workspaceId })).runs).toEqual([]);
  });
});

describe('drift feeds the score', () => {
  it('a checklist control with rule discovery-drift turns "no" when reality is wider than declared, with the reason as its finding', async () => {
    const { h, workspaceId } = await setup();
    const { BUILTIN_CHECKLIST_YAML } = await import('../../../core/checklist/builtin');
    const yaml = BUILTIN_CHECKLIST_YAML.replace(/^id: .*$/m, 'id: with-drift').replace(/^controls:\n/m, (m) =>
      [
        m.trimEnd(),
        '  - id: PRM-90',
        '    area: PRM',
        '    title: Reality matches the declared access',
        '    question: Does discovery find no more access than is declared?',
        '    guidance: Run discovery and accept or remove what it finds.',
        '    evidence: The latest discovery run.',
        '    weight: 3',
        '    critical: false',
        '    reviewPeriodDays: 90',
        '    frameworks:',
        '      - { framework: NIST-800-53, ids: [CM-8] }',
        '      - { framework: SOC2, ids: [CC6.1] }',
        '    rule: { id: discovery-drift }',
        '',
      ].join('\n'),
    );
    await h.call('checklist:load', { workspaceId, yaml, loadedBy: 'Test', activate: true });
    const first = await h.call('discovery:run', { workspaceId, files: [fixture('cursor/shop/.cursor/mcp.json')] });
    await h.call('discovery:accept', { workspaceId, runId: first.run.id, all: true });
    const agentId = (await h.call('inventory:overview', { workspaceId })).agents[0]!.id;
    const control = async () =>
      (await h.call('score:agent', { workspaceId, agentId })).score.controls.find((c) => c.controlId === 'PRM-90')!;
    await h.call('discovery:run', { workspaceId, files: [fixture('cursor/shop/.cursor/mcp.json')] });
    expect((await control()).effective).toBe('yes');
    for (const g of (await h.call('agent:get', { workspaceId, id: agentId })).grants) {
      const { id, createdAt: _c, updatedAt: _u, ...fields } = g;
      await h.call('grant:update', { workspaceId, id, grant: { ...fields, actions: ['read'], approvalGate: 'two-person' } });
    }
    const after = await control();
    expect(after.effective).toBe('no');
    expect(after.findings.map((f) => f.message).join(' ')).toMatch(/client gives none/);
  });
});
