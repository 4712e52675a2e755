/**
 * A plain type check of a CloudTrail record's read fields, run before the zod schema (cloudtrail.ts). A 1 M-record
 * trail spent more time in zod than in JSON.parse; this check accepts only records the schema accepts too (every
 * read field absent or of its type), so for them the schema's answer is known. Anything else still goes through
 * zod, which names the bad field.
 */
type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string';

function identityOk(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isObject(v)) return false;
  if (!(optString(v['type']) && optString(v['arn']) && optString(v['accountId']) && optString(v['accessKeyId']))) return false;
  if (!(optString(v['userName']) && optString(v['invokedBy']))) return false;
  const session = v['sessionContext'];
  if (session === undefined) return true;
  if (!isObject(session)) return false;
  const issuer = session['sessionIssuer'];
  return issuer === undefined || (isObject(issuer) && optString(issuer['arn']) && optString(issuer['userName']));
}

function resourcesOk(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  for (const r of v as unknown[]) if (!isObject(r) || !optString(r['ARN']) || !optString(r['arn'])) return false;
  return true;
}

/** True when the CloudTrailRecord schema would accept `raw` as it is (it passes unknown fields through). */
export function plainCloudTrailRecord(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  if (typeof raw['eventSource'] !== 'string' || typeof raw['eventName'] !== 'string') return false;
  if (!(optString(raw['eventID']) && optString(raw['eventTime']) && optString(raw['awsRegion']))) return false;
  if (!(optString(raw['recipientAccountId']) && optString(raw['errorCode']) && optString(raw['errorMessage']))) return false;
  if (!(optString(raw['userAgent']) && optString(raw['sourceIPAddress']))) return false;
  const readOnly = raw['readOnly'];
  if (readOnly !== undefined && typeof readOnly !== 'boolean') return false;
  const params = raw['requestParameters'];
  if (params !== undefined && params !== null && !isObject(params)) return false;
  return identityOk(raw['userIdentity']) && resourcesOk(raw['resources']);
}
