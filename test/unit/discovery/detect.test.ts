import { describe, expect, it } from 'vitest';
import { detectFormat, HOME_LOCATIONS, isDiscoveryCandidate, parseSource, type SourceFormat } from '../../../core/discovery';
import { FIXTURE_FILES, fixtureText, fp } from './fixture-files';

const EXPECTED: Record<string, SourceFormat> = {
  'claude-desktop/claude_desktop_config.json': 'claude-desktop',
  'claude-code/.claude.json': 'claude-code-user',
  'claude-code/shop/.mcp.json': 'claude-code-project',
  'claude-code/shop/.claude/settings.json': 'claude-code-settings',
  'cursor/shop/.cursor/mcp.json': 'cursor',
  'vscode/api/.vscode/mcp.json': 'vscode',
  'windsurf/.codeium/windsurf/mcp_config.json': 'windsurf',
  'gemini/.gemini/settings.json': 'gemini',
  'codex/.codex/config.toml': 'codex',
  'continue/.continue/config.yaml': 'continue',
  'snyk/agent-scan.json': 'snyk-agent-scan',
  'agent-bom/ai-bom.json': 'agent-bom',
  'aws/authorization-details.json': 'aws-iam',
  'kubernetes/rbac.yaml': 'kubernetes-rbac',
  'postgres/role_table_grants.csv': 'postgres-grants-csv',
  'postgres/dp.txt': 'postgres-dp',
  'github/installation-token.json': 'github-permissions',
  'mcp-json/cline_mcp_settings.json': 'mcp-json',
};

describe('detectFormat', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FIXTURE_FILES].sort());
  });

  it.each(Object.entries(EXPECTED))('%s is read as %s', (file, format) => {
    expect(detectFormat(file, fixtureText(file)).format).toBe(format);
  });

  it.each(Object.entries(EXPECTED))('%s is recognised by its content alone, under a neutral name', (file, format) => {
    const ext = file.split('.').pop()!;
    const neutral = `export.${ext === 'json' || ext === 'toml' || ext === 'yaml' || ext === 'csv' ? ext : 'txt'}`;
    const found = detectFormat(neutral, fixtureText(file)).format;
    // Without their documented names, several clients are the same `mcpServers` shape: read as the generic client.
    const sameShape: Record<string, SourceFormat> = { 'claude-desktop': 'mcp-json', cursor: 'mcp-json', 'claude-code-project': 'mcp-json' };
    expect(found).toBe(sameShape[format] ?? format);
  });

  it('knows the documented locations on macOS, Windows and Linux', () => {
    expect(detectFormat('/Users/ana/Library/Application Support/Claude/claude_desktop_config.json', '{}').format).toBe('claude-desktop');
    expect(detectFormat('C:\\Users\\ana\\AppData\\Roaming\\Claude\\claude_desktop_config.json', '{}').format).toBe('claude-desktop');
    expect(detectFormat('C:\\Users\\ana\\.cursor\\mcp.json', '{}').format).toBe('cursor');
    expect(detectFormat('/home/ana/.codeium/windsurf/mcp_config.json', '{}').format).toBe('windsurf');
    expect(detectFormat('/home/ana/.codex/config.toml', '').format).toBe('codex');
    expect(detectFormat('/home/ana/app/.claude/settings.local.json', '{}').format).toBe('claude-code-settings');
  });

  it('knows Claude Code managed servers and VS Code settings.json with an "mcp" block', () => {
    expect(detectFormat('/Library/Application Support/ClaudeCode/managed-mcp.json', '{}').format).toBe('claude-code-project');
    const settings = '{ "editor.fontSize": 14, "mcp": { "servers": { "pg": { "command": "npx" } } } }';
    expect(detectFormat('/home/ana/.config/Code/User/settings.json', settings).format).toBe('vscode');
    expect(parseSource('/home/ana/.config/Code/User/settings.json', settings, fp).source!.agents[0]!.servers.map((x) => x.where)).toEqual([
      'mcp.servers.pg',
    ]);
  });

  it('says why when it cannot pick a parser', () => {
    const d = detectFormat('/tmp/notes.json', '{"hello": "world"}');
    expect(d.format).toBeNull();
    expect(d.reason).toMatch(/notes\.json: not a format discovery reads/);
    expect(detectFormat('x.bin', '\u0000\u0001').format).toBeNull();
  });
});

describe('standard locations', () => {
  it('every home location on every OS is detected as the format it lists', () => {
    for (const [platform, locations] of Object.entries(HOME_LOCATIONS)) {
      for (const l of locations) {
        const full =
          platform === 'win32'
            ? `C:\\Users\\ana\\${l.base === 'appdata' ? 'AppData\\Roaming\\' : ''}${l.path.join('\\')}`
            : `/home/ana/${l.path.join('/')}`;
        const text = l.format === 'claude-code-settings' ? '{"permissions": {}}' : '{}';
        expect(detectFormat(full, text).format, `${platform} ${full}`).toBe(l.format);
      }
    }
  });

  it('a folder walk keeps the config files and nothing else', () => {
    expect(isDiscoveryCandidate('/w/app/.mcp.json')).toBe(true);
    expect(isDiscoveryCandidate('C:\\w\\app\\.vscode\\mcp.json')).toBe(true);
    expect(isDiscoveryCandidate('/w/app/.claude/settings.local.json')).toBe(true);
    expect(isDiscoveryCandidate('/w/app/package.json')).toBe(false);
    expect(isDiscoveryCandidate('/w/app/mcp.json')).toBe(false);
  });
});
