import { SOURCE_FORMATS, type SourceFormat } from '../../../core/discovery/types';

/** A file chosen or dropped for discovery, read in the browser (its content is sent, like an import). */
export type PickedFile = { id: string; name: string; size: number; file: File; format: SourceFormat | '' };

export const MAX_DISCOVERY_FILES = 500;
export const MAX_DISCOVERY_BYTES = 32 * 1024 * 1024;

/** The names a person picks "Read as" from, in the order the issue lists the clients. */
export const FORMAT_LABELS: Record<SourceFormat, string> = {
  'claude-desktop': 'Claude Desktop',
  'claude-code-user': 'Claude Code (~/.claude.json)',
  'claude-code-project': 'Claude Code project (.mcp.json)',
  'claude-code-settings': 'Claude Code settings',
  cursor: 'Cursor',
  vscode: 'VS Code',
  windsurf: 'Windsurf',
  gemini: 'Gemini CLI',
  codex: 'Codex CLI',
  continue: 'Continue',
  'mcp-json': 'Other MCP client (mcpServers)',
  'snyk-agent-scan': 'Snyk agent-scan / mcp-scan',
  'agent-bom': 'agent-bom AI-BOM',
  'aws-iam': 'AWS IAM authorization details',
  'kubernetes-rbac': 'Kubernetes RBAC',
  'postgres-grants-csv': 'PostgreSQL role_table_grants CSV',
  'postgres-dp': 'PostgreSQL \\dp output',
  'github-permissions': 'GitHub token / app permissions',
};
export const FORMAT_OPTIONS = SOURCE_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }));

let seq = 0;
/** A folder pick keeps the path inside the folder ("shop/.cursor/mcp.json"): discovery detects the client by it. */
export const pickedOf = (file: File, relativePath?: string): PickedFile => ({
  id: `f${++seq}`,
  name: relativePath || (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name,
  size: file.size,
  file,
  format: '',
});

type Entry = { isFile: boolean; isDirectory: boolean; name: string; fullPath: string };
type FileEntry = Entry & { file: (ok: (f: File) => void, fail: (e: unknown) => void) => void };
type DirEntry = Entry & { createReader: () => { readEntries: (ok: (es: Entry[]) => void, fail: (e: unknown) => void) => void } };

/**
 * The entries and files of a drop event, taken while the event runs (the browser empties its
 * DataTransfer afterwards). A synthetic drop has files but no entries.
 */
export function dropContents(dt: DataTransfer): { entries: Entry[]; files: File[] } {
  const entries: Entry[] = [];
  for (const i of [...dt.items]) {
    const e = i.webkitGetAsEntry?.() as unknown as Entry | null;
    if (e) entries.push(e);
  }
  return { entries, files: [...dt.files] };
}

/** Files of a drop, folders included (walked up to MAX_DISCOVERY_FILES files, never following anything else). */
export async function droppedFiles(drop: { entries: Entry[]; files: File[] }): Promise<PickedFile[]> {
  if (drop.entries.length === 0) return drop.files.map((f) => pickedOf(f));
  const out: PickedFile[] = [];
  const walk = async (e: Entry): Promise<void> => {
    if (out.length >= MAX_DISCOVERY_FILES) return;
    if (e.isFile) {
      const f = await new Promise<File>((ok, fail) => (e as FileEntry).file(ok, fail));
      out.push(pickedOf(f, e.fullPath.replace(/^\//, '')));
    } else if (e.isDirectory) {
      if (['node_modules', '.git'].includes(e.name)) return;
      const reader = (e as DirEntry).createReader();
      for (;;) {
        const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const c of batch) await walk(c);
      }
    }
  };
  for (const e of drop.entries) await walk(e);
  return out;
}
