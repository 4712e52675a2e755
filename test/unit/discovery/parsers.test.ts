import { describe, expect, it } from 'vitest';
import { parseSource, type DiscoveredSource, type SourceFormat } from '../../../core/discovery';
import { fixtureText, fp } from './fixture-files';

const read = (file: string, text = fixtureText(file), format?: SourceFormat): DiscoveredSource => {
  const r = parseSource(file, text, fp, format);
  if (!r.source) throw new Error(r.reason);
  return r.source;
};
const server = (s: DiscoveredSource, name: string) => s.agents.flatMap((a) => a.servers).find((x) => x.name === name)!;

describe('MCP client configs', () => {
  it('Claude Desktop: servers, redacted connection strings, env names, remote headers, Windows paths', () => {
    const s = read('claude-desktop/claude_desktop_config.json');
    expect(s.problems).toEqual([]);
    expect(s.agents.map((a) => a.name)).toEqual(['Claude Desktop']);
    expect(s.agents[0]!.servers.map((x) => x.name)).toEqual(['filesystem', 'github', 'postgres', 'remote-crm', 'tickets', 'windows-docs']);
    expect(server(s, 'postgres').args[2]).toBe('postgresql://app:***@db.prod.internal:5432/app?sslmode=***');
    expect(server(s, 'github').env).toEqual([
      { name: 'GITHUB_PERSONAL_ACCESS_TOKEN', reference: null, fingerprint: expect.stringMatching(/^hmac-sha256:/), redacted: 'ghp_***' },
    ]);
    expect(server(s, 'tickets')).toMatchObject({
      transport: 'http',
      url: 'https://mcp.atlassian.com/v1/sse',
      headers: [{ name: 'Authorization' }],
    });
    expect(server(s, 'windows-docs')).toMatchObject({
      command: 'C:\\Program Files\\nodejs\\npx.cmd',
      args: ['-y', '@modelcontextprotocol/server-filesystem', 'C:\\Users\\ana\\Documents'],
    });
    expect(server(s, 'postgres').credentials.map((c) => c.label)).toContain('password in the connection string ([2])');
    expect(server(s, 'remote-crm').args).toEqual(['mcp-remote', 'https://crm.example.com/mcp', '--header', 'Authorization: ***']);
    expect(server(s, 'filesystem').args[3]).toBe('/Users/ana/Library/Application Support/Claude');
  });

  it('names the file and the path inside it when a value has the wrong type, and still reads the rest', () => {
    const text = JSON.stringify({ mcpServers: { pg: { command: 'npx', args: ['-y', 'server-postgres', 5432] }, ok: { command: 'uvx' } } });
    const s = read('claude_desktop_config.json', text);
    expect(s.problems).toEqual([
      { where: 'claude_desktop_config.json: mcpServers.pg.args[2]', message: 'expected string, received number' },
    ]);
    expect(s.agents[0]!.servers.map((x) => x.name)).toEqual(['ok']);
  });

  it('reports a syntax error with its line and column only', () => {
    const s = read('claude_desktop_config.json', '{\n  "mcpServers": {\n    "pg": { "command": "npx" \n  }\n');
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]!.where).toBe('claude_desktop_config.json');
    expect(s.problems[0]!.message).toMatch(/^line \d+, column \d+: not valid JSON \(\w+\)$/);
  });

  it('refuses prototype keys', () => {
    const s = read('claude_desktop_config.json', '{"mcpServers": {"__proto__": {"command": "x"}}}');
    expect(s.problems[0]!.message).toMatch(/the key "__proto__" is not allowed/);
    expect(s.agents).toEqual([]);
  });

  it('Claude Code ~/.claude.json: user servers and per-project servers (macOS and Windows project paths)', () => {
    const s = read('claude-code/.claude.json');
    const servers = s.agents[0]!.servers;
    expect(servers.map((x) => [x.name, x.project])).toEqual([
      ['sentry', null],
      ['shopdb', '/Users/ana/shop'],
      ['railway', 'C:\\Users\\ana\\api'],
    ]);
    expect(server(s, 'sentry').url).toBe('https://mcp.sentry.dev/mcp?token=***');
    expect(s.agents[0]!.approvals).toEqual([
      {
        setting: 'allowedTools',
        value: '1 tools in /Users/ana/shop',
        tools: ['mcp__shopdb__query'],
        where: 'projects["/Users/ana/shop"].allowedTools',
      },
    ]);
  });

  it('Claude Code settings: defaultMode, allow and deny rules, env as fingerprints', () => {
    const s = read('claude-code/shop/.claude/settings.json');
    const a = s.agents[0]!;
    expect(a.approvals.map((x) => [x.setting, x.value])).toEqual([
      ['permissions.defaultMode', 'bypassPermissions'],
      ['permissions.allow', '2 rules'],
      ['permissions.deny', '2 rules'],
    ]);
    expect(a.credentials.map((c) => c.label)).toEqual(['env ANTHROPIC_API_KEY']);
  });

  it('Claude Code .mcp.json is scoped to its project; a reference is kept as a reference', () => {
    const s = read('claude-code/shop/.mcp.json');
    expect(server(s, 'shop-prod-db').project).toBe('claude-code/shop');
    expect(server(s, 'shop-prod-db').args[2]).toBe('postgres://reader:***@shop-db.prod.example.com/shop');
    expect(server(s, 'stripe').args).toContain('--api-key=sk_live_***');
  });

  it('VS Code: JSONC with comments and trailing commas, ${input:} references', () => {
    const s = read('vscode/api/.vscode/mcp.json');
    expect(s.problems).toEqual([]);
    expect(s.agents[0]!.servers.map((x) => x.name)).toEqual(['github', 'k8s', 'pg']);
    expect(server(s, 'pg').args[2]).toBe('postgres://app:***@localhost:5432/dev');
    expect(server(s, 'github').headers[0]).toMatchObject({ name: 'Authorization', reference: null, fingerprint: expect.any(String) });
  });

  it('Windsurf serverUrl, Cursor autoApprove, Cline alwaysAllow', () => {
    expect(server(read('windsurf/.codeium/windsurf/mcp_config.json'), 'notion')).toMatchObject({
      transport: 'http',
      url: 'https://mcp.notion.com/mcp?api_key=***',
    });
    expect(server(read('cursor/shop/.cursor/mcp.json'), 'payments').approvals).toMatchObject([{ setting: 'autoApprove', tools: ['*'] }]);
    expect(server(read('mcp-json/cline_mcp_settings.json'), 'brave').approvals).toMatchObject([
      { setting: 'alwaysAllow', tools: ['brave_web_search'] },
    ]);
  });

  it('Gemini CLI: trust, includeTools, excludeTools, httpUrl', () => {
    const s = read('gemini/.gemini/settings.json');
    expect(server(s, 'gcs')).toMatchObject({ transport: 'http', approvals: [{ setting: 'trust', value: 'true' }] });
    expect(server(s, 'files')).toMatchObject({ includeTools: ['read_file', 'write_file', 'delete_file'], excludeTools: ['delete_file'] });
  });

  it('Codex CLI: approval_policy and sandbox_mode at the top and per profile; TOML errors without the source line', () => {
    const s = read('codex/.codex/config.toml');
    expect(s.agents[0]!.approvals.map((x) => `${x.where}=${x.value}`)).toEqual([
      'approval_policy=never',
      'sandbox_mode=danger-full-access',
      'profiles.careful.approval_policy=on-request',
      'profiles.careful.sandbox_mode=read-only',
    ]);
    expect(server(s, 'aws').env.find((e) => e.name === 'AWS_PROFILE')).toMatchObject({ redacted: 'prod', fingerprint: null });
    expect(server(s, 'linear').includeTools).toEqual(['list_issues', 'create_issue']);
    const bad = read('config.toml', 'approval_policy = "never"\n[mcp_servers.x]\ncommand = "npx" token = "ghp_abcdefghijklmnop1234"\n');
    expect(bad.problems[0]!.message).toMatch(/^line 3, column \d+: not valid TOML/);
    expect(JSON.stringify(bad)).not.toContain('ghp_abcdefghijklmnop1234');
  });

  it('Continue: a YAML list of servers; other sections (models with keys) are never read', () => {
    const s = read('continue/.continue/config.yaml');
    expect(s.agents[0]!.servers.map((x) => x.name)).toEqual(['SQLite', 'Slack']);
    expect(server(s, 'Slack').env.map((e) => e.name)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_TEAM_ID']);
  });
});

describe('scanner reports', () => {
  it('Snyk agent-scan: one agent per scanned client, tools with annotations, W020 labels the tool destructive', () => {
    const s = read('snyk/agent-scan.json');
    expect(s.agents.map((a) => a.name)).toEqual(['Cursor', 'Claude Desktop']);
    expect(server(s, 'warehouse').tools).toEqual([
      { name: 'run_query', annotations: { readOnlyHint: true }, labels: [] },
      { name: 'dropSchema', annotations: { destructiveHint: true }, labels: ['destructive'] },
      { name: 'list_databases', annotations: {}, labels: [] },
    ]);
  });

  it('agent-bom AI-BOM: agents and their servers; the document type is checked', () => {
    const s = read('agent-bom/ai-bom.json');
    expect(s.agents.map((a) => [a.name, a.servers.map((x) => x.name)])).toEqual([['support-bot', ['crm', 'refunds']]]);
    const wrong = read('ai-bom.json', JSON.stringify({ document_type: 'SBOM', agents: [] }), 'agent-bom');
    expect(wrong.problems[0]).toEqual({ where: 'ai-bom.json: document_type', message: 'expected "AI-BOM"' });
  });
});

describe('cloud and platform permissions', () => {
  it('AWS IAM: inline, attached, group-inherited and URL-encoded policies; NotAction; Deny; environment tags only', () => {
    const s = read('aws/authorization-details.json');
    expect(s.problems).toEqual([]);
    const rows = s.permissions.map((p) => `${p.principal} ${p.effect}${p.notAction ? ' not' : ''} ${p.actions.join(',')}`);
    expect(rows).toEqual([
      'prod-data-agent allow s3:DeleteObject,s3:GetObject',
      'prod-data-agent allow iam:Attach*',
      'prod-data-agent deny s3:DeleteBucket',
      'prod-data-agent allow *:Describe*,*:Get*,*:List*',
      'staging-ops allow not iam:*',
      'ci-agent allow cloudformation:UpdateStack',
    ]);
    expect(s.permissions[0]).toMatchObject({
      system: 'AWS account 123456789012',
      environmentHints: ['prod-data-agent', '/agents/', 'production'],
    });
  });

  it('Kubernetes RBAC: service-account subjects only, Role and ClusterRole rules, other kinds skipped', () => {
    const s = read('kubernetes/rbac.yaml');
    expect(s.permissions.map((p) => [p.principal, p.scope])).toEqual([
      ['payments-prod/release-agent', 'namespace payments-prod'],
      ['payments-prod/release-agent', 'namespace payments-prod'],
      ['staging/ops-bot', 'all namespaces'],
      ['staging/ops-bot', 'all namespaces'],
    ]);
    expect(s.permissions[2]!.actions).toEqual(['create rolebindings.rbac.authorization.k8s.io']);
    expect(s.problems).toEqual([{ where: 'rbac.yaml', message: '1 items that are not RBAC objects were skipped' }]);
  });

  it('PostgreSQL: role_table_grants CSV grouped per grantee and table; \\dp entries with PUBLIC and grant options', () => {
    const csv = read('postgres/role_table_grants.csv');
    expect(csv.permissions.map((p) => [p.principal, p.system, p.scope, p.actions.join(',')])).toEqual([
      ['agent_writer', 'PostgreSQL app_prod', 'public.orders', 'DELETE,INSERT,SELECT'],
      ['report_reader', 'PostgreSQL app_prod', 'reporting.daily', 'SELECT'],
    ]);
    const dp = read('postgres/dp.txt');
    expect(dp.permissions.map((p) => [p.principal, p.scope, p.actions.join(',')])).toEqual([
      ['owner', 'public.invoices', 'DELETE,INSERT,MAINTAIN,REFERENCES,SELECT,TRIGGER,TRUNCATE,UPDATE'],
      ['billing_agent', 'public.invoices', 'DELETE,INSERT,SELECT,UPDATE'],
      ['PUBLIC', 'public.invoices', 'SELECT'],
      ['auditor', 'public.audit', 'SELECT'],
    ]);
    expect(read('grants.csv', 'grantee,privilege_type\nx,SELECT\n').problems).toEqual([
      { where: 'grants.csv: header', message: 'missing the columns table_schema, table_name' },
    ]);
  });

  it('GitHub: a fine-grained token written as repository and organization groups', () => {
    const text = JSON.stringify({
      name: 'deploy-token',
      permissions: { repository: { contents: 'read', actions: 'write' }, organization: { members: 'write' } },
    });
    const s = read('token.json', text, 'github-permissions');
    expect(s.permissions.map((p) => [p.principal, p.principalKind, p.scope, p.actions.join(',')])).toEqual([
      ['deploy-token', 'github-token', 'all repositories', 'actions:write,contents:read'],
      ['deploy-token', 'github-token', 'organization', 'members:write'],
    ]);
  });

  it('Kubernetes as several YAML documents; a YAML error gives its line and column', () => {
    const docs = [
      'kind: Role\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: r, namespace: dev}\nrules: [{apiGroups: [""], resources: [pods], verbs: ["*"]}]',
      'kind: RoleBinding\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: b, namespace: dev}\nsubjects: [{kind: ServiceAccount, name: bot}]\nroleRef: {kind: Role, name: r}',
    ].join('\n---\n');
    const s = read('rbac.yaml', docs);
    expect(s.permissions.map((p) => [p.principal, p.actions.join(','), p.where])).toEqual([
      ['dev/bot', '* pods', 'document 2 -> document 1.rules[0]'],
    ]);
    const bad = read('rbac.yaml', 'kind: Role\nmetadata:\n  name: [unclosed\n');
    expect(bad.problems[0]!.message).toMatch(/^line \d+, column \d+: not valid YAML \([A-Z_]+\)$/);
  });

  it('GitHub: app installation permissions, "none" dropped, the token only as a fingerprint', () => {
    const s = read('github/installation-token.json');
    expect(s.permissions).toMatchObject([
      {
        principal: 'release-bot',
        principalKind: 'github-app',
        system: 'GitHub acme',
        scope: 'acme/docs, acme/shop-prod',
        actions: ['administration:write', 'contents:write', 'metadata:read', 'workflows:write'],
      },
    ]);
    expect(s.credentials).toEqual([
      { fingerprint: expect.stringMatching(/^hmac-sha256:[0-9a-f]{32}$/), label: 'GitHub token', where: 'token' },
    ]);
  });
});
