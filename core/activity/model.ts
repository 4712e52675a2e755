import type { ActionClass } from '../inventory/model';

/**
 * The normalised activity event: only what a finding needs. Raw payloads, request bodies,
 * statements, command output and secrets are never kept; access keys arrive here only as
 * fingerprints made by the injected keyed hash.
 */
export const ACTIVITY_FORMATS = [
  'cloudtrail',
  'cloudtrail-lookup',
  'k8s-audit',
  'postgres-log',
  'postgres-csvlog',
  'otlp-traces',
  'claude-code-telemetry',
  'claude-code-transcript',
  'codex-telemetry',
  'codex-rollout',
  'github-audit',
] as const;
export type ActivityFormat = (typeof ACTIVITY_FORMATS)[number];

/** 'unknown' is for formats that record the call but not (yet) its result, e.g. a tool_use with no tool_result. */
export type Outcome = 'success' | 'denied' | 'error' | 'unknown';

/**
 * Who decided: 'human' is a person answering a prompt (the only kind that satisfies a single or
 * two-person gate); 'policy' is a rule or allow-list deciding without a prompt; 'machine' is a
 * platform authoriser such as Kubernetes RBAC; 'hook' is a client hook.
 */
export type ApprovalBy = 'human' | 'policy' | 'machine' | 'hook';
export type Approval = { decision: 'approved' | 'rejected'; by: ApprovalBy; source: string };

export type ActorHints = {
  credentialFingerprint?: string;
  roleArn?: string;
  principalArn?: string;
  assumedRoleSession?: string;
  serviceAccount?: string;
  username?: string;
  dbRole?: string;
  agentName?: string;
  application?: string;
  sessionId?: string;
};

export type EnvironmentHints = {
  account?: string;
  region?: string;
  cluster?: string;
  namespace?: string;
  database?: string;
  host?: string;
  org?: string;
  repo?: string;
  cwd?: string;
  /** An environment the source names itself (OTel deployment.environment, Codex [otel] environment). */
  environmentName?: string;
};

/** Where the event came from: the file, its 1-based line, and for array files the 0-based record index. */
export type SourcePosition = { file: string; line: number; record?: number };

export type ActivityEvent = {
  /** Unique within one import: the format's own id when it has one, else the source position. */
  id: string;
  /**
   * The source's own id for the action (CloudTrail eventID, k8s auditID, tool_use_id, call_id, GitHub
   * _document_id), or null. The same action seen in two files (telemetry and a transcript) shares it.
   */
  correlation: string | null;
  format: ActivityFormat;
  /** ISO 8601 UTC, or null when the record carries no readable time. */
  time: string | null;
  actor: ActorHints;
  env: EnvironmentHints;
  /** e.g. "rds:DeleteDBInstance", "delete persistentvolumeclaims", "DROP TABLE", "Bash". */
  action: string;
  /** The object acted on, redacted and at most 200 characters; never a body or a statement. */
  target: string | null;
  actionClass: ActionClass;
  classWhy: string;
  outcome: Outcome;
  outcomeWhy: string;
  approval: Approval | null;
  source: SourcePosition;
};

/** Something a parser could not read: where, and why. Never carries the record's text. */
export type ParseIssue = { file: string; line: number; record?: number; message: string };

/** The keyed hash that turns an access key or token into a fingerprint (injected so core stays pure). */
export type Fingerprint = (value: string) => string;

export type ParseContext = {
  fingerprint: Fingerprint;
  /** Set by a door when the user says which agent a file belongs to (transcripts carry no actor). */
  sourceAgentName?: string;
  /** Set by a door when the file's origin tells the cluster (Kubernetes audit events do not carry it). */
  cluster?: string;
};

export type ParsedBatch = { events: ActivityEvent[]; issues: ParseIssue[] };

/**
 * A stateful parser for one file. `record` takes one record (a line, or the text of one element of a
 * Records/Events array); `finish` flushes what waited for a later line (a tool call waiting for its result).
 */
export type RecordParser = {
  readonly format: ActivityFormat;
  record(text: string, pos: SourcePosition): ParsedBatch;
  finish(): ParsedBatch;
};

/** How the Node reader must cut a file into records for its parser. */
export type Framing = { kind: 'lines' } | { kind: 'array'; key: string | null };
