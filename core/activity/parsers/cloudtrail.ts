import { z } from 'zod';
import { classifyCloudTrail } from '../classify';
import type { ActivityEvent, ParseContext, ParsedBatch, RecordParser, SourcePosition } from '../model';
import { keptTarget } from '../redact';
import { checkRecord, compact, DENIED_TEXT, eventBatch, isoTime, issueBatch, positionId, readRecord } from './common';
import { plainCloudTrailRecord } from './cloudtrail-shape';

/** One CloudTrail record (reference section 1), loosely: unknown fields pass, nothing else is read. */
const CloudTrailRecord = z.looseObject({
  eventID: z.string().optional(),
  eventTime: z.string().optional(),
  eventSource: z.string({ error: 'missing eventSource' }),
  eventName: z.string({ error: 'missing eventName' }),
  awsRegion: z.string().optional(),
  recipientAccountId: z.string().optional(),
  readOnly: z.boolean().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  userAgent: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  userIdentity: z
    .looseObject({
      type: z.string().optional(),
      arn: z.string().optional(),
      accountId: z.string().optional(),
      accessKeyId: z.string().optional(),
      userName: z.string().optional(),
      invokedBy: z.string().optional(),
      sessionContext: z
        .looseObject({ sessionIssuer: z.looseObject({ arn: z.string().optional(), userName: z.string().optional() }).optional() })
        .optional(),
    })
    .optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullable().optional(),
  resources: z.array(z.looseObject({ ARN: z.string().optional(), arn: z.string().optional() })).optional(),
});
type CloudTrailRecord = z.infer<typeof CloudTrailRecord>;

/** `aws cloudtrail lookup-events` elements: the full record is a JSON string in CloudTrailEvent. */
const LookupEvent = z.looseObject({
  EventId: z.string().optional(),
  EventName: z.string().optional(),
  EventSource: z.string().optional(),
  EventTime: z.union([z.string(), z.number()]).optional(),
  ReadOnly: z.string().optional(),
  AccessKeyId: z.string().optional(),
  Username: z.string().optional(),
  CloudTrailEvent: z.string().optional(),
  Resources: z.array(z.looseObject({ ResourceName: z.string().optional() })).optional(),
});

/** Keys of requestParameters that name the object acted on. Secret-bearing keys are never read. */
const TARGET_KEY = /(Name|Identifier|Id|Arn|^key|^bucket|^name)$/;
const SECRET_KEY = /(secret|password|token|accesskey|credential|policyDocument|body|content)/i;

function targetOf(record: CloudTrailRecord): string | null {
  const resource = record.resources?.find((r) => r.ARN ?? r.arn);
  if (resource) return keptTarget(resource.ARN ?? resource.arn);
  const params = record.requestParameters ?? {};
  for (const [key, value] of Object.entries(params)) {
    if (SECRET_KEY.test(key) || !TARGET_KEY.test(key)) continue;
    if (typeof value === 'string') return keptTarget(`${key}=${value}`);
  }
  const instances = (params['instancesSet'] as { items?: { instanceId?: unknown }[] } | undefined)?.items;
  const first = Array.isArray(instances) ? instances[0]?.instanceId : undefined;
  return typeof first === 'string'
    ? keptTarget(`instanceId=${first}${instances && instances.length > 1 ? ` (+${instances.length - 1})` : ''}`)
    : null;
}

/** "arn:aws:sts::1:assumed-role/Role/session" -> "session". */
const sessionName = (arn: string | undefined): string | undefined =>
  arn && arn.includes(':assumed-role/') ? arn.split('/').slice(2).join('/') || undefined : undefined;

/** JSON.parse, then the plain type check; zod only for a record that check does not accept (it names the bad field). */
function readTrailRecord(text: string, pos: SourcePosition): ReturnType<typeof checkRecord<typeof CloudTrailRecord>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, batch: issueBatch(pos, 'CloudTrail record: not valid JSON') };
  }
  if (plainCloudTrailRecord(raw)) return { ok: true, value: raw as CloudTrailRecord };
  return checkRecord(raw, pos, CloudTrailRecord, 'CloudTrail record');
}

export function cloudTrailEvent(
  record: CloudTrailRecord,
  pos: SourcePosition,
  ctx: ParseContext,
  format: 'cloudtrail' | 'cloudtrail-lookup',
  fallbackId?: string,
): ActivityEvent {
  const identity = record.userIdentity;
  const service = record.eventSource.replace(/\.amazonaws\.com$/, '');
  const classified = classifyCloudTrail(record.eventName, record.readOnly);
  const denied = record.errorCode !== undefined && DENIED_TEXT.test(`${record.errorCode} ${record.errorMessage ?? ''}`);
  return {
    id: (record.eventID ?? fallbackId) !== undefined ? `${format}:${record.eventID ?? fallbackId ?? ''}` : positionId(pos),
    correlation: (record.eventID ?? fallbackId) !== undefined ? `aws:${record.eventID ?? fallbackId ?? ''}` : null,
    format,
    time: isoTime(record.eventTime),
    actor: compact({
      credentialFingerprint: identity?.accessKeyId ? ctx.fingerprint(identity.accessKeyId) : undefined,
      roleArn: identity?.sessionContext?.sessionIssuer?.arn,
      principalArn: identity?.arn ?? identity?.invokedBy,
      assumedRoleSession: sessionName(identity?.arn),
      username: identity?.userName ?? identity?.sessionContext?.sessionIssuer?.userName,
    }),
    env: compact({ account: record.recipientAccountId ?? identity?.accountId, region: record.awsRegion }),
    action: `${service}:${record.eventName}`,
    target: targetOf(record),
    actionClass: classified.actionClass,
    classWhy: classified.why,
    outcome: record.errorCode === undefined ? 'success' : denied ? 'denied' : 'error',
    outcomeWhy: record.errorCode === undefined ? 'no errorCode' : `errorCode ${keptTarget(record.errorCode) ?? ''}`,
    approval: null,
    source: pos,
  };
}

export function createCloudTrailParser(ctx: ParseContext): RecordParser {
  // Trail files overlap: duplicates share an eventID and are counted once.
  const seen = new Set<string>();
  return {
    format: 'cloudtrail',
    record(text, pos): ParsedBatch {
      const read = readTrailRecord(text, pos);
      if (!read.ok) return read.batch;
      if (read.value.eventID !== undefined) {
        if (seen.has(read.value.eventID)) return eventBatch();
        seen.add(read.value.eventID);
      }
      return eventBatch(cloudTrailEvent(read.value, pos, ctx, 'cloudtrail'));
    },
    finish: () => eventBatch(),
  };
}

export function createCloudTrailLookupParser(ctx: ParseContext): RecordParser {
  return {
    format: 'cloudtrail-lookup',
    record(text, pos): ParsedBatch {
      const read = readRecord(text, pos, LookupEvent, 'lookup-events element');
      if (!read.ok) return read.batch;
      const outer = read.value;
      if (outer.CloudTrailEvent !== undefined) {
        const inner = readRecord(outer.CloudTrailEvent, pos, CloudTrailRecord, 'CloudTrailEvent');
        if (!inner.ok) return inner.batch;
        return eventBatch(cloudTrailEvent(inner.value, pos, ctx, 'cloudtrail-lookup', outer.EventId));
      }
      const flat = CloudTrailRecord.safeParse({
        eventID: outer.EventId,
        eventName: outer.EventName,
        eventSource: outer.EventSource,
        eventTime: typeof outer.EventTime === 'number' ? new Date(outer.EventTime * 1000).toISOString() : outer.EventTime,
        readOnly: outer.ReadOnly === undefined ? undefined : outer.ReadOnly === 'true',
        userIdentity: { accessKeyId: outer.AccessKeyId, userName: outer.Username },
        resources: (outer.Resources ?? []).map((r) => ({ ARN: r.ResourceName })),
      });
      if (!flat.success) return issueBatch(pos, 'lookup-events element: no CloudTrailEvent, and EventName or EventSource is missing');
      return eventBatch(cloudTrailEvent(flat.data, pos, ctx, 'cloudtrail-lookup'));
    },
    finish: () => eventBatch(),
  };
}
