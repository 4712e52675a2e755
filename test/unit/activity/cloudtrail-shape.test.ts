import { describe, expect, it } from 'vitest';
import { createCloudTrailParser } from '../../../core/activity/parsers/cloudtrail';
import { ctx } from './helpers';

/** The plain type check before zod must accept only what zod accepts, and leave the naming of a bad field to zod. */
const read = (record: unknown) => createCloudTrailParser(ctx).record(JSON.stringify(record), { file: 'f.json', line: 1, record: 0 });
const ok = { eventSource: 's3.amazonaws.com', eventName: 'DeleteObject', eventTime: '2026-05-04T10:00:00Z', extra: { any: [1] } };

describe('CloudTrail records: the type check before zod', () => {
  it('a record of the right types is read, unknown fields and all', () => {
    expect(read(ok).events.map((e) => [e.action, e.time, e.actionClass])).toEqual([
      ['s3:DeleteObject', '2026-05-04T10:00:00.000Z', 'delete'],
    ]);
  });

  it('a field of the wrong type still fails with the field named, never the record', () => {
    const cases: [unknown, string][] = [
      [{ ...ok, readOnly: 'false' }, 'readOnly'],
      [{ ...ok, userIdentity: { arn: 5 } }, 'userIdentity.arn'],
      [{ ...ok, userIdentity: { sessionContext: { sessionIssuer: { arn: null } } } }, 'userIdentity.sessionContext.sessionIssuer.arn'],
      [{ ...ok, requestParameters: ['x'] }, 'requestParameters'],
      [{ ...ok, resources: [{ ARN: 1 }] }, 'resources.0.ARN'],
      [{ eventName: 'X' }, 'eventSource'],
    ];
    for (const [record, field] of cases) {
      const batch = read(record);
      expect(batch.events, field).toEqual([]);
      expect(batch.issues[0]?.message, field).toMatch(new RegExp(`^CloudTrail record: ${field.replace(/\./g, '\\.')}: `));
    }
  });
});
