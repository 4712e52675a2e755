import { detectFormat } from './detect';
import { parseAgentBom, parseSnyk } from './parsers/scanners';
import { parseAwsIam } from './parsers/aws-iam';
import { parseClaudeJson, parseClaudeSettings } from './parsers/claude-code';
import { parseCodex, parseContinue } from './parsers/codex-continue';
import { parseGithub } from './parsers/github';
import { parseKubernetes } from './parsers/kubernetes';
import { parseGemini, parseMcpServersFile, parseVsCode } from './parsers/mcp-clients';
import { parsePostgresCsv, parsePostgresDp } from './parsers/postgres';
import type { DiscoveredSource, Fingerprinter, SourceFormat } from './types';

type Parser = (fileName: string, text: string, fp: Fingerprinter) => DiscoveredSource;

/** One parser per format. */
export const PARSERS: Record<SourceFormat, Parser> = {
  'claude-desktop': (f, t, fp) => parseMcpServersFile('claude-desktop', f, t, fp),
  'claude-code-user': parseClaudeJson,
  'claude-code-project': (f, t, fp) => parseMcpServersFile('claude-code-project', f, t, fp),
  'claude-code-settings': parseClaudeSettings,
  cursor: (f, t, fp) => parseMcpServersFile('cursor', f, t, fp),
  vscode: parseVsCode,
  windsurf: (f, t, fp) => parseMcpServersFile('windsurf', f, t, fp),
  gemini: parseGemini,
  codex: parseCodex,
  continue: parseContinue,
  'mcp-json': (f, t, fp) => parseMcpServersFile('mcp-json', f, t, fp),
  'snyk-agent-scan': parseSnyk,
  'agent-bom': parseAgentBom,
  'aws-iam': parseAwsIam,
  'kubernetes-rbac': parseKubernetes,
  'postgres-grants-csv': parsePostgresCsv,
  'postgres-dp': parsePostgresDp,
  'github-permissions': parseGithub,
};

export type ParseResult = { source: DiscoveredSource; reason: string } | { source: null; reason: string };

/**
 * Reads one file's text into a DiscoveredSource. The format is detected unless given. Never throws:
 * what cannot be read is in `source.problems`, or (for an unknown format) in `reason`.
 */
export function parseSource(fileName: string, text: string, fingerprint: Fingerprinter, format?: SourceFormat): ParseResult {
  const detected = format ? { format, reason: `read as ${format}, as asked` } : detectFormat(fileName, text);
  if (detected.format === null) return { source: null, reason: detected.reason };
  return { source: PARSERS[detected.format](fileName, text, fingerprint), reason: detected.reason };
}
