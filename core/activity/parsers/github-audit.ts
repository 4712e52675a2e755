import { z } from 'zod';
import { classifyGitHub } from '../classify';
import type { ParseContext, ParsedBatch, RecordParser } from '../model';
import { keptTarget } from '../redact';
import { compact, eventBatch, isoTime, positionId, readRecord } from './common';

/** One GitHub audit log entry (reference section 7), as the JSON export and the REST API give it. */
const AuditEntry = z.looseObject({
  action: z.string({ error: 'missing action' }),
  actor: z.string().optional(),
  user: z.string().optional(),
  org: z.string().optional(),
  repo: z.string().optional(),
  business: z.string().optional(),
  '@timestamp': z.number().optional(),
  created_at: z.union([z.number(), z.string()]).optional(),
  _document_id: z.string().optional(),
  programmatic_access_type: z.string().optional(),
  hashed_token: z.string().optional(),
  actor_ip: z.string().optional(),
});

/** GitHub records completed actions; these two are the recorded refusals and overrides. */
const REJECTED_ACTIONS = new Set(['protected_branch.rejected_ref_update']);

export function createGitHubAuditParser(ctx: ParseContext): RecordParser {
  const seen = new Set<string>();
  return {
    format: 'github-audit',
    record(text, pos): ParsedBatch {
      if (text.trim() === '') return eventBatch();
      const read = readRecord(text, pos, AuditEntry, 'audit log entry');
      if (!read.ok) return read.batch;
      const e = read.value;
      if (e._document_id !== undefined) {
        if (seen.has(e._document_id)) return eventBatch();
        seen.add(e._document_id);
      }
      const classified = classifyGitHub(e.action);
      const rejected = REJECTED_ACTIONS.has(e.action);
      return eventBatch({
        id: e._document_id !== undefined ? `github-audit:${e._document_id}` : positionId(pos),
        correlation: e._document_id !== undefined ? `github:${e._document_id}` : null,
        format: 'github-audit',
        time: isoTime(e['@timestamp'] ?? e.created_at),
        actor: compact({
          // hashed_token is already a SHA-256, but it is fingerprinted again so every source compares the same way
          credentialFingerprint: e.hashed_token !== undefined ? ctx.fingerprint(e.hashed_token) : undefined,
          username: e.actor,
          agentName: e.actor?.endsWith('[bot]') ? e.actor.slice(0, -'[bot]'.length) : undefined,
        }),
        env: compact({ org: e.org ?? e.business, repo: e.repo }),
        action: e.action,
        target: keptTarget(e.repo ?? e.user ?? e.org ?? null),
        actionClass: classified.actionClass,
        classWhy: classified.why,
        outcome: rejected ? 'denied' : 'success',
        outcomeWhy: rejected ? 'a protected branch rejected the push' : 'the audit log records completed actions',
        approval:
          e.action === 'protected_branch.policy_override'
            ? { decision: 'approved', by: 'human', source: 'an admin overrode branch protection' }
            : null,
        source: pos,
      });
    },
    finish: () => eventBatch(),
  };
}
