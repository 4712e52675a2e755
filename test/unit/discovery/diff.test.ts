import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDiff,
  diffAgainstDeclared,
  hashOfApproved,
  mapToInventory,
  parseSource,
  type DeclaredInventory,
  type DiscoveredSource,
} from '../../../core/discovery';
import { ACTION_CLASSES, APPROVAL_GATES } from '../../../core/inventory/model';
import { FIXTURE_FILES, fixtureText, fp } from './fixture-files';

const parseAll = (files: { name: string; text: string }[]): DiscoveredSource[] =>
  files.flatMap((f) => parseSource(f.name, f.text, fp).source ?? []);
const ENVIRONMENTS: DeclaredInventory['environments'] = [
  { id: 'env-sandbox', name: 'Read-only / sandbox', tier: 'sandbox' },
  { id: 'env-staging', name: 'Staging', tier: 'staging' },
  { id: 'env-prod', name: 'Production', tier: 'production' },
];
const desktop = (servers: Record<string, unknown>) => ({
  name: 'claude_desktop_config.json',
  text: JSON.stringify({ mcpServers: servers }),
});
const pgServer = (host: string) => ({
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-postgres', `postgres://app:pw@${host}/app`],
});

describe('the diff against the declared inventory', () => {
  const declared: DeclaredInventory = {
    agents: [
      { id: 'a1', name: 'Claude Desktop' },
      { id: 'a2', name: 'Retired bot' },
    ],
    systems: [
      { id: 's1', name: 'postgres', kind: 'database' },
      { id: 's2', name: 'wiki', kind: 'saas' },
    ],
    environments: ENVIRONMENTS,
    grants: [
      { id: 'g1', agentId: 'a1', systemId: 's1', environmentId: 'env-prod', actions: ['read'], approvalGate: 'two-person', scope: '*' },
      { id: 'g2', agentId: 'a2', systemId: 's2', environmentId: 'env-prod', actions: ['read'], approvalGate: 'single', scope: '*' },
    ],
  };

  it('finds new systems and grants, grants wider in reality, and what is declared but not found', () => {
    const files = [
      desktop({
        postgres: pgServer('db.prod.internal'),
        files: { command: 'npx', args: ['@modelcontextprotocol/server-filesystem', '/'] },
      }),
    ];
    const diff = diffAgainstDeclared(declared, mapToInventory(parseAll(files)));
    expect(diff.newAgents).toEqual([]);
    expect(diff.newSystems.map((s) => [s.name, s.kind])).toEqual([['files', 'file-share']]);
    expect(diff.newGrants.map((g) => [g.systemName, g.environmentName, g.scope])).toEqual([['files', 'Production', '/']]);
    expect(diff.wider).toHaveLength(1);
    expect(diff.wider[0]).toMatchObject({
      kinds: ['more-actions', 'weaker-gate'],
      declaredGrantId: 'g1',
      moreActions: ['write', 'delete'],
      weakerGate: { declared: 'two-person', discovered: 'single' },
      proposed: { environmentReason: 'Production: connection string db.prod.internal' },
    });
    expect(diff.notFound).toEqual({
      agents: [{ id: 'a2', name: 'Retired bot' }],
      systems: [{ id: 's2', name: 'wiki' }],
      grants: [{ id: 'g2', agentName: 'Retired bot', systemName: 'wiki', environmentName: 'Production' }],
    });
  });

  it('reports another environment as wider, not as missing', () => {
    const diff = diffAgainstDeclared(declared, mapToInventory(parseAll([desktop({ postgres: pgServer('db.staging.internal') })])));
    expect(diff.wider.map((w) => [w.kinds, w.declaredEnvironments, w.proposed.environmentName])).toEqual([
      [['another-environment'], ['Production'], 'Staging'],
    ]);
    expect(diff.notFound.grants.map((g) => g.id)).toEqual(['g2']);
  });

  it('a workspace without the needed environment gets it proposed', () => {
    const diff = diffAgainstDeclared(
      { ...declared, environments: [ENVIRONMENTS[2]!] },
      mapToInventory(parseAll([desktop({ postgres: pgServer('localhost') })])),
    );
    expect(diff.newEnvironments).toEqual([{ tier: 'sandbox', name: 'Read-only / sandbox' }]);
  });

  it('the Claude Code bypass in a settings file reaches the servers read from other files', () => {
    const files = ['claude-code/.claude.json', 'claude-code/shop/.mcp.json', 'claude-code/shop/.claude/settings.json'].map((name) => ({
      name,
      text: fixtureText(name),
    }));
    const grants = mapToInventory(parseAll(files)).grants;
    expect(grants.every((g) => g.approvalGate === 'none')).toBe(true);
    expect(grants.find((g) => g.systemName === 'stripe')!.gateReason).toMatch(/bypassPermissions/);
  });

  it('hashOfApproved changes when a tool, an annotation or the scope changes, and only then', () => {
    const tools = [{ name: 'query', annotations: { readOnlyHint: true }, labels: [] }];
    const base = hashOfApproved(tools, '*');
    expect(hashOfApproved([...tools], '*')).toBe(base);
    expect(hashOfApproved([{ ...tools[0]!, annotations: { readOnlyHint: false } }], '*')).not.toBe(base);
    expect(hashOfApproved([...tools, { name: 'drop', annotations: {}, labels: [] }], '*')).not.toBe(base);
    expect(hashOfApproved(tools, 'public.*')).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

// ---- properties ----

const SERVER_NAMES = ['postgres', 'files', 'github', 'payments', 'chat', 'orders-prod'];
const PACKAGES = [
  '@modelcontextprotocol/server-postgres',
  '@modelcontextprotocol/server-filesystem',
  'github-mcp-server',
  '@stripe/mcp',
  'server-slack',
  'mystery',
];
const HOSTS = ['db.prod.internal', 'db.staging.internal', 'localhost', 'db.internal'];
const TOOLS = ['query', 'drop_table', 'list_tables', 'write_file', 'send_message', 'create_refund'];

const serverArb = fc.record({
  pkg: fc.constantFrom(...PACKAGES),
  host: fc.constantFrom(...HOSTS),
  auto: fc.subarray(TOOLS),
  tools: fc.option(fc.subarray(TOOLS, { minLength: 1 }), { nil: undefined }),
  trust: fc.option(fc.boolean(), { nil: undefined }),
});
const fileArb = fc.record({
  client: fc.constantFrom('claude_desktop_config.json', 'p/.cursor/mcp.json', 'h/.gemini/settings.json'),
  servers: fc.dictionary(fc.constantFrom(...SERVER_NAMES), serverArb, { maxKeys: 4 }),
});
const filesArb = fc.uniqueArray(fileArb, { maxLength: 3, selector: (f) => f.client }).map((files) =>
  files.map((f) => ({
    name: f.client,
    text: JSON.stringify({
      mcpServers: Object.fromEntries(
        Object.entries(f.servers).map(([name, s]) => [
          name,
          {
            command: 'npx',
            args: [s.pkg, `postgres://u:secret@${s.host}/db`],
            autoApprove: s.auto,
            ...(s.tools && { includeTools: s.tools }),
            ...(s.trust !== undefined && { trust: s.trust }),
          },
        ]),
      ),
    }),
  })),
);
const declaredArb: fc.Arbitrary<DeclaredInventory> = fc
  .record({
    agents: fc.subarray(['Claude Desktop', 'Cursor', 'Gemini CLI', 'Someone']),
    systems: fc.subarray(SERVER_NAMES),
    grants: fc.array(
      fc.record({
        a: fc.nat(3),
        s: fc.nat(5),
        e: fc.nat(2),
        actions: fc.subarray([...ACTION_CLASSES], { minLength: 1 }),
        gate: fc.constantFrom(...APPROVAL_GATES),
      }),
      { maxLength: 8 },
    ),
  })
  .map(({ agents, systems, grants }) => ({
    agents: agents.map((name, i) => ({ id: `a${i}`, name })),
    systems: systems.map((name, i) => ({ id: `s${i}`, name, kind: 'other' as const })),
    environments: ENVIRONMENTS,
    grants: grants
      .filter((g) => g.a < agents.length && g.s < systems.length)
      .map((g, i) => ({
        id: `g${i}`,
        agentId: `a${g.a}`,
        systemId: `s${g.s}`,
        environmentId: ENVIRONMENTS[g.e]!.id,
        actions: g.actions,
        approvalGate: g.gate,
        scope: '*',
      })),
  }));

const shuffled = <T>(xs: T[], seed: number): T[] =>
  xs
    .map((x, i) => ({ x, k: (i * 7919 + seed) % 104729 }))
    .sort((a, b) => a.k - b.k)
    .map((p) => p.x);

describe('diff properties', () => {
  it('the same input always gives the same diff, whatever the order of files and records', () => {
    fc.assert(
      fc.property(filesArb, declaredArb, fc.nat(1000), (files, declared, seed) => {
        const once = diffAgainstDeclared(declared, mapToInventory(parseAll(files)));
        const again = diffAgainstDeclared(declared, mapToInventory(parseAll(files)));
        const reordered = diffAgainstDeclared(
          {
            ...declared,
            agents: shuffled(declared.agents, seed),
            systems: shuffled(declared.systems, seed + 1),
            grants: shuffled(declared.grants, seed + 2),
          },
          mapToInventory(parseAll(shuffled(files, seed))),
        );
        expect(again).toEqual(once);
        expect(reordered).toEqual(once);
      }),
      { numRuns: 150 },
    );
  });

  it('applying a diff and diffing again proposes nothing', () => {
    fc.assert(
      fc.property(filesArb, declaredArb, (files, declared) => {
        const proposal = mapToInventory(parseAll(files));
        const applied = applyDiff(declared, diffAgainstDeclared(declared, proposal), (kind, key) => `${kind}-${key}`);
        const second = diffAgainstDeclared(applied, proposal);
        expect([second.newAgents, second.newSystems, second.newEnvironments, second.newGrants, second.wider]).toEqual([[], [], [], [], []]);
        expect(second.unchanged).toBe(proposal.grants.length);
      }),
      { numRuns: 150 },
    );
  });

  it('every fixture together maps and diffs the same way twice', () => {
    const files = FIXTURE_FILES.map((name) => ({ name, text: fixtureText(name) }));
    const empty: DeclaredInventory = { agents: [], systems: [], environments: ENVIRONMENTS, grants: [] };
    const a = diffAgainstDeclared(empty, mapToInventory(parseAll(files)));
    expect(diffAgainstDeclared(empty, mapToInventory(parseAll([...files].reverse())))).toEqual(a);
    expect(a.newGrants.length).toBeGreaterThan(30);
    expect(a.newGrants.every((g) => g.actionReasons.length === g.actions.length && g.gateReason !== '' && g.environmentReason !== '')).toBe(
      true,
    );
  });
});

describe('names from files', () => {
  it('fit the inventory Name field: one line, no control characters, at most 120 characters', () => {
    const long = `db\u0007\n${'x'.repeat(300)}`;
    const p = mapToInventory(parseAll([desktop({ [long]: pgServer('db.prod.internal') })]));
    expect(p.systems[0]!.name).toBe(`db ${'x'.repeat(117)}`);
    expect(p.grants[0]!.systemName).toBe(p.systems[0]!.name);
  });
});
