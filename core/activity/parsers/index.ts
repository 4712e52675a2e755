import type { ActivityFormat, Fingerprint, ParseContext, RecordParser } from '../model';
import { createClaudeCodeTelemetryParser } from './claude-code-telemetry';
import { createClaudeCodeTranscriptParser } from './claude-code-transcript';
import { createCloudTrailLookupParser, createCloudTrailParser } from './cloudtrail';
import { createCodexRolloutParser } from './codex-rollout';
import { createCodexTelemetryParser } from './codex-telemetry';
import { createGitHubAuditParser } from './github-audit';
import { createKubernetesAuditParser } from './k8s-audit';
import { createOtlpTracesParser } from './otlp-traces';
import { createPostgresCsvlogParser } from './postgres-csvlog';
import { createPostgresLogParser } from './postgres-log';

const MEMO_LIMIT = 10_000;

/**
 * The keyed hash is the costliest step per record, and a log repeats the same few keys (one session
 * key for thousands of calls): remember the last few thousand, bounded.
 */
function memoised(fingerprint: Fingerprint): Fingerprint {
  const memo = new Map<string, string>();
  return (value) => {
    const hit = memo.get(value);
    if (hit !== undefined) return hit;
    const made = fingerprint(value);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(value, made);
    return made;
  };
}

/** A fresh parser for one file of `format`. Parsers keep per-file state (joins, dedupe), so never share one across files. */
export function createParser(format: ActivityFormat, context: ParseContext): RecordParser {
  const ctx: ParseContext = { ...context, fingerprint: memoised(context.fingerprint) };
  switch (format) {
    case 'cloudtrail':
      return createCloudTrailParser(ctx);
    case 'cloudtrail-lookup':
      return createCloudTrailLookupParser(ctx);
    case 'k8s-audit':
      return createKubernetesAuditParser(ctx);
    case 'postgres-log':
      return createPostgresLogParser();
    case 'postgres-csvlog':
      return createPostgresCsvlogParser();
    case 'otlp-traces':
      return createOtlpTracesParser();
    case 'claude-code-telemetry':
      return createClaudeCodeTelemetryParser(ctx);
    case 'claude-code-transcript':
      return createClaudeCodeTranscriptParser(ctx);
    case 'codex-telemetry':
      return createCodexTelemetryParser(ctx);
    case 'codex-rollout':
      return createCodexRolloutParser(ctx);
    case 'github-audit':
      return createGitHubAuditParser(ctx);
  }
}
