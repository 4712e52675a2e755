import type { SourceFormat } from './types';

/**
 * Where each client keeps its configuration, per OS (docs of each client; reference/discovery-and-2026.md).
 * Pure data for `discover --home`: the door joins them to the user's home folder (and %APPDATA% on
 * Windows), reads each one that exists through the bounded reader, and prints every path it read or
 * skipped. Project files (.mcp.json, .cursor/mcp.json, .vscode/mcp.json...) are found by walking a
 * folder the user names, never by searching the disk.
 */
export type Platform = 'darwin' | 'win32' | 'linux';
export type HomeLocation = { format: SourceFormat; base: 'home' | 'appdata'; path: string[] };

const shared: HomeLocation[] = [
  { format: 'claude-code-user', base: 'home', path: ['.claude.json'] },
  { format: 'claude-code-settings', base: 'home', path: ['.claude', 'settings.json'] },
  { format: 'cursor', base: 'home', path: ['.cursor', 'mcp.json'] },
  { format: 'windsurf', base: 'home', path: ['.codeium', 'windsurf', 'mcp_config.json'] },
  { format: 'gemini', base: 'home', path: ['.gemini', 'settings.json'] },
  { format: 'codex', base: 'home', path: ['.codex', 'config.toml'] },
  { format: 'continue', base: 'home', path: ['.continue', 'config.yaml'] },
];

export const HOME_LOCATIONS: Record<Platform, readonly HomeLocation[]> = {
  darwin: [
    { format: 'claude-desktop', base: 'home', path: ['Library', 'Application Support', 'Claude', 'claude_desktop_config.json'] },
    { format: 'vscode', base: 'home', path: ['Library', 'Application Support', 'Code', 'User', 'mcp.json'] },
    ...shared,
  ],
  win32: [
    { format: 'claude-desktop', base: 'appdata', path: ['Claude', 'claude_desktop_config.json'] },
    { format: 'vscode', base: 'appdata', path: ['Code', 'User', 'mcp.json'] },
    ...shared,
  ],
  linux: [
    { format: 'claude-desktop', base: 'home', path: ['.config', 'Claude', 'claude_desktop_config.json'] },
    { format: 'vscode', base: 'home', path: ['.config', 'Code', 'User', 'mcp.json'] },
    ...shared,
  ],
};

/** File names worth reading when walking a project folder (a door's `accept` for walkForDiscovery). */
export function isDiscoveryCandidate(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  if (['.mcp.json', '.claude.json', 'claude_desktop_config.json', 'mcp_config.json'].includes(base)) return true;
  if (base === 'mcp.json' && (parent === '.cursor' || parent === '.vscode')) return true;
  if (/^settings(\.local)?\.json$/.test(base) && (parent === '.claude' || parent === '.gemini')) return true;
  if (base === 'config.toml' && parent === '.codex') return true;
  return /\.ya?ml$/.test(base) && (parent === '.continue' || parent === 'mcpServers');
}
