/**
 * What a discovery parser returns: a normalised picture of one file, with every secret already
 * replaced by a keyed fingerprint. Nothing here may hold a secret value: the doors store, show and
 * export these objects as they are.
 */

/** The formats a parser exists for. `mcp-json` is any other client that uses Claude Desktop's `mcpServers` shape. */
export const SOURCE_FORMATS = [
  'claude-desktop',
  'claude-code-user',
  'claude-code-project',
  'claude-code-settings',
  'cursor',
  'vscode',
  'windsurf',
  'gemini',
  'codex',
  'continue',
  'mcp-json',
  'snyk-agent-scan',
  'agent-bom',
  'aws-iam',
  'kubernetes-rbac',
  'postgres-grants-csv',
  'postgres-dp',
  'github-permissions',
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/**
 * The keyed hash the caller injects (HMAC-SHA-256 with a per-workspace key in Node). Core never sees
 * the key, so it stays pure, and two files holding the same credential give the same fingerprint.
 */
export type Fingerprinter = (secretValue: string) => string;

/** Where a secret was found and the fingerprint that stands in for it. */
export type CredentialRef = {
  fingerprint: string;
  /** e.g. "env GITHUB_TOKEN", "header Authorization", "password in args[2]", "token". Never the value. */
  label: string;
  /** Path inside the file, e.g. "mcpServers.github.env.GITHUB_TOKEN". */
  where: string;
};

/** An environment variable or header: its name, and what stands in for its value. */
export type NamedValue = {
  name: string;
  /** `${input:pg}`, `${env:TOKEN}` or `$TOKEN`: a reference names a variable, it is not a secret. */
  reference: string | null;
  /** A literal value is fingerprinted, never kept. */
  fingerprint: string | null;
  /** A URL or connection string value, with its password and query values replaced by ***. */
  redacted: string | null;
};

/** MCP tool annotations: written by the server's author, so hints that can raise risk, never lower it. */
export type ToolAnnotations = {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
};

export type DiscoveredTool = { name: string; annotations: ToolAnnotations; labels: string[] };

/** One client setting that decides whether a person approves a tool call. */
export type ApprovalSetting = {
  /** The setting as written, e.g. "permissions.defaultMode", "trust", "approval_policy", "autoApprove". */
  setting: string;
  value: string;
  /** For lists (autoApprove, permissions.allow / ask / deny): the tools or rule strings listed. What they mean is decided by mapping/gate-rules.ts. */
  tools: string[];
  where: string;
};

export type Transport = 'stdio' | 'http' | 'sse' | 'unknown';

export type DiscoveredServer = {
  name: string;
  /** The project the server is scoped to (Claude Code per-project servers, project config files), or null. */
  project: string | null;
  transport: Transport;
  command: string | null;
  /** Arguments with secrets replaced ("postgres://app:***@db/app", "--token=***"). */
  args: string[];
  url: string | null;
  env: NamedValue[];
  headers: NamedValue[];
  credentials: CredentialRef[];
  tools: DiscoveredTool[];
  /** Gemini includeTools / Codex enabled_tools (null = all), excludeTools / disabled_tools. */
  includeTools: string[] | null;
  excludeTools: string[];
  approvals: ApprovalSetting[];
  enabled: boolean;
  where: string;
};

export type DiscoveredAgent = {
  /** The client's name, e.g. "Claude Desktop", "Codex CLI", or the agent's own name in a scanner report. */
  name: string;
  client: string;
  servers: DiscoveredServer[];
  /** Client-wide settings (Claude Code permissions, Codex approval_policy + sandbox_mode). */
  approvals: ApprovalSetting[];
  credentials: CredentialRef[];
  where: string;
};

/** One permission held by an identity in a cloud or platform source (IAM, RBAC, PostgreSQL, GitHub). */
export type DiscoveredPermission = {
  principal: string;
  principalKind: 'iam-role' | 'iam-user' | 'service-account' | 'database-role' | 'github-token' | 'github-app';
  /** The system the permission is on, e.g. "AWS account 123456789012", "Kubernetes cluster", "PostgreSQL app". */
  system: string;
  systemKindHint: 'cloud-account' | 'database' | 'repository';
  /** What the source calls the action: "s3:DeleteObject", "delete pods", "DELETE", "contents:write". */
  actions: string[];
  effect: 'allow' | 'deny';
  /** IAM NotAction: the statement allows everything except `actions`. */
  notAction: boolean;
  /** Resource, table, namespace or repository the permission is scoped to ("*" = everything). */
  scope: string;
  /** Namespaces, schemas, account aliases: hints for the environment. */
  environmentHints: string[];
  where: string;
};

/** A problem reading part of a file: "claude_desktop_config.json: mcpServers.pg.args[2]: expected string". */
export type SourceProblem = { where: string; message: string };

export type DiscoveredSource = {
  fileName: string;
  format: SourceFormat;
  agents: DiscoveredAgent[];
  permissions: DiscoveredPermission[];
  /** Credentials found outside any server (a GitHub token response, a Claude Code settings env block). */
  credentials: CredentialRef[];
  problems: SourceProblem[];
};
