import { z } from 'zod';
import { classifyKubernetes } from '../classify';
import type { Approval, ParseContext, ParsedBatch, RecordParser } from '../model';
import { keptTarget } from '../redact';
import { compact, eventBatch, isoTime, readRecord } from './common';

/** One audit.k8s.io/v1 Event (reference section 2). requestObject/responseObject are never read. */
const AuditEvent = z.looseObject({
  kind: z.literal('Event', { error: 'kind must be Event' }).optional(),
  apiVersion: z.string().optional(),
  auditID: z.string({ error: 'missing auditID' }),
  stage: z.string().optional(),
  verb: z.string({ error: 'missing verb' }),
  requestURI: z.string().optional(),
  user: z.looseObject({ username: z.string().optional(), groups: z.array(z.string()).optional() }).optional(),
  impersonatedUser: z.looseObject({ username: z.string().optional() }).nullable().optional(),
  userAgent: z.string().optional(),
  objectRef: z
    .looseObject({
      resource: z.string().optional(),
      namespace: z.string().optional(),
      name: z.string().optional(),
      subresource: z.string().optional(),
      apiGroup: z.string().optional(),
    })
    .optional(),
  responseStatus: z.looseObject({ code: z.number().optional(), reason: z.string().optional() }).optional(),
  requestReceivedTimestamp: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const SA_PREFIX = 'system:serviceaccount:';

/** The authorizer's decision annotation: machine authorization, never a human approval. */
function approvalOf(annotations: Record<string, string> | undefined): Approval | null {
  const decision = annotations?.['authorization.k8s.io/decision'];
  if (decision === undefined) return null;
  const reason = annotations?.['authorization.k8s.io/reason'];
  return {
    decision: decision === 'forbid' ? 'rejected' : 'approved',
    by: 'machine',
    source: keptTarget(`authorization ${decision}${reason ? `: ${reason}` : ''}`) ?? 'authorization',
  };
}

export function createKubernetesAuditParser(ctx: ParseContext): RecordParser {
  // One event per stage shares an auditID; only the final stage is kept, once.
  const seen = new Set<string>();
  return {
    format: 'k8s-audit',
    record(text, pos): ParsedBatch {
      const read = readRecord(text, pos, AuditEvent, 'audit event');
      if (!read.ok) return read.batch;
      const e = read.value;
      if (e.stage !== undefined && e.stage !== 'ResponseComplete' && e.stage !== 'Panic') return eventBatch();
      if (seen.has(e.auditID)) return eventBatch();
      seen.add(e.auditID);
      const username = e.impersonatedUser?.username ?? e.user?.username;
      const ref = e.objectRef;
      const classified = classifyKubernetes(e.verb, ref?.resource, ref?.subresource);
      const code = e.responseStatus?.code;
      const approval = approvalOf(e.annotations);
      const outcome =
        code === 403 || approval?.decision === 'rejected'
          ? 'denied'
          : code !== undefined && code >= 400
            ? 'error'
            : e.stage === 'Panic'
              ? 'error'
              : 'success';
      const target = ref
        ? [ref.namespace, ref.resource, ref.name].filter((part) => part !== undefined).join('/') +
          (ref.subresource ? `/${ref.subresource}` : '')
        : null;
      return eventBatch({
        id: `k8s-audit:${e.auditID}`,
        correlation: `k8s:${e.auditID}`,
        format: 'k8s-audit',
        time: isoTime(e.requestReceivedTimestamp),
        actor: compact({
          serviceAccount: username?.startsWith(SA_PREFIX) ? username : undefined,
          username: username?.startsWith(SA_PREFIX) ? undefined : username,
        }),
        env: compact({ namespace: ref?.namespace, cluster: ctx.cluster }),
        action: `${e.verb} ${ref?.resource ?? 'unknown'}${ref?.subresource ? `/${ref.subresource}` : ''}`,
        target: keptTarget(target),
        actionClass: classified.actionClass,
        classWhy: classified.why,
        outcome,
        outcomeWhy: code === undefined ? `stage ${e.stage ?? 'unknown'}, no response code` : `response code ${code}`,
        approval,
        source: pos,
      });
    },
    finish: () => eventBatch(),
  };
}
