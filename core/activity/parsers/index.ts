import type { ActivityFormat, ParseContext, RecordParser } from '../model';
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

/** A fresh parser for one file of `format`. Parsers keep per-file state (joins, dedupe), so never share one across files. */
export function createParser(format: ActivityFormat, ctx: ParseContext): RecordParser {
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
