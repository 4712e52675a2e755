import { describe, expect, it } from 'vitest';
import {
  classifyCloudTrail,
  classifyCommand,
  classifyGitHub,
  classifyKubernetes,
  classifySql,
  classifyTool,
  detectActivityFormat,
  redact,
} from '../../../core/activity/index';
import { fixtureText } from './helpers';

describe('action classes, each with its reason', () => {
  it.each([
    ['DeleteDBCluster', false, 'delete'],
    ['DeleteFunction20150331', false, 'delete'],
    ['ScheduleKeyDeletion', false, 'delete'],
    ['StopLogging', false, 'delete'],
    ['AttachRolePolicy', false, 'permission-change'],
    ['PutBucketPolicy', false, 'permission-change'],
    ['AuthorizeSecurityGroupIngress', false, 'permission-change'],
    ['UpdateFunctionCode20150331v2', false, 'deploy'],
    ['SendEmail', false, 'external-send'],
    ['DescribeInstances', undefined, 'read'],
    ['GetObject', true, 'read'],
    ['ModifyDBInstance', false, 'write'],
    ['PutBucketLifecycleConfiguration', false, 'delete'],
    ['PutBucketVersioning', false, 'delete'],
    ['UpdateTrail', false, 'delete'],
    ['ChangeResourceRecordSets', false, 'deploy'],
  ] as const)('CloudTrail %s -> %s', (name, readOnly, expected) => {
    const c = classifyCloudTrail(name, readOnly);
    expect(c.actionClass).toBe(expected);
    expect(c.why).toContain(name);
  });

  it.each([
    ['delete', 'pods', undefined, 'delete'],
    ['deletecollection', 'configmaps', undefined, 'delete'],
    ['get', 'secrets', undefined, 'read'],
    ['create', 'clusterrolebindings', undefined, 'permission-change'],
    ['patch', 'deployments', undefined, 'deploy'],
    ['create', 'pods', 'exec', 'execute'],
    ['update', 'configmaps', undefined, 'write'],
  ] as const)('Kubernetes %s %s/%s -> %s', (verb, resource, sub, expected) => {
    expect(classifyKubernetes(verb, resource, sub).actionClass).toBe(expected);
  });

  it.each([
    ['DROP TABLE orders', 'delete'],
    ['truncate payments', 'delete'],
    ['DELETE FROM x', 'delete'],
    ['GRANT ALL ON orders TO bob', 'permission-change'],
    ['DROP ROLE bob', 'permission-change'],
    ['SELECT 1', 'read'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'read'],
    ['WITH gone AS (DELETE FROM x RETURNING *) SELECT 1', 'write'],
    ['INSERT INTO x VALUES (1)', 'write'],
  ] as const)('SQL %s -> %s', (sql, expected) => {
    expect(classifySql(sql).actionClass).toBe(expected);
  });

  it.each([
    ['kubectl delete pvc pg-data -n prod', 'delete'],
    ['rm -rf /srv/data', 'delete'],
    ['terraform destroy -auto-approve', 'delete'],
    ['aws s3 rb s3://bucket --force', 'delete'],
    ['git push --force origin main', 'delete'],
    ['terraform apply', 'deploy'],
    ['helm upgrade api ./chart', 'deploy'],
    ['curl -X POST https://x', 'external-send'],
    ['stripe refunds create --charge ch_1', 'payment'],
    ['chmod 777 /srv', 'permission-change'],
    ['ls -la', 'read'],
    ['kubectl get pods', 'read'],
    ['make build', 'write'],
  ] as const)('command %s -> %s', (command, expected) => {
    expect(classifyCommand(command).actionClass).toBe(expected);
  });

  it('tool names are hints: built-ins, then words in the name, else a write', () => {
    expect(classifyTool('Read', null).actionClass).toBe('read');
    expect(classifyTool('Edit', null).actionClass).toBe('write');
    expect(classifyTool('drop_table', null).actionClass).toBe('delete');
    expect(classifyTool('create_refund', null).actionClass).toBe('payment');
    expect(classifyTool('slack_send_message', null).actionClass).toBe('external-send');
    expect(classifyTool('list_tables', null).actionClass).toBe('read');
    expect(classifyTool('execute_sql', null, 'DROP TABLE x').actionClass).toBe('delete');
    expect(classifyTool('frobnicate', null)).toEqual({ actionClass: 'write', why: 'no rule matched tool frobnicate; treated as a write' });
  });

  it.each([
    ['repo.destroy', 'delete'],
    ['repo.transfer', 'delete'],
    ['protected_branch.destroy', 'delete'],
    ['protected_branch.policy_override', 'permission-change'],
    ['protected_branch.update_allow_force_pushes_enforcement_level', 'permission-change'],
    ['git.push', 'deploy'],
    ['git.clone', 'read'],
    ['issue.create', 'write'],
  ] as const)('GitHub %s -> %s', (action, expected) => {
    expect(classifyGitHub(action).actionClass).toBe(expected);
  });
});

describe('redaction of kept text', () => {
  it.each([
    ['curl -H "Authorization: Bearer abcDEF1234567890xyz"', 'abcDEF1234567890xyz'],
    ['psql postgres://admin:hunter2@db/x', 'hunter2'],
    ['export AWS_SECRET_ACCESS_KEY=abc123secret', 'abc123secret'],
    ['tool --token=tok_123456789 run', 'tok_123456789'],
    ['key AKIAABCDEFGHIJKLMNOP here', 'AKIAABCDEFGHIJKLMNOP'],
    ['gh ghp_abcdefghijklmnopqrstuvwxyz0123', 'ghp_abcdefghijklmnopqrstuvwxyz0123'],
    ['pay sk_live_abcdefgh12345678', 'sk_live_abcdefgh12345678'],
    ['PGPASSWORD=s3cr3tpw psql', 's3cr3tpw'],
  ])('removes the secret from %s', (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('keeps ordinary commands readable and cuts long text to 200 characters', () => {
    expect(redact('kubectl delete pvc pg-data -n prod')).toBe('kubectl delete pvc pg-data -n prod');
    expect(redact('x '.repeat(500)).length).toBeLessThanOrEqual(200);
  });
});

describe('detectActivityFormat', () => {
  it.each([
    ['111122223333_CloudTrail_eu-west-1_20260504T1015Z_fake.json', 'cloudtrail', 'array'],
    ['lookup-events.json', 'cloudtrail-lookup', 'array'],
    ['k8s-audit.log', 'k8s-audit', 'lines'],
    ['postgresql-2026-05-04.log', 'postgres-log', 'lines'],
    ['postgresql-2026-05-04.csv', 'postgres-csvlog', 'lines'],
    ['otlp-traces.jsonl', 'otlp-traces', 'lines'],
    ['claude-code-telemetry.jsonl', 'claude-code-telemetry', 'lines'],
    ['claude-transcript.jsonl', 'claude-code-transcript', 'lines'],
    ['codex-telemetry.jsonl', 'codex-telemetry', 'lines'],
    ['rollout-2026-05-04T10-14-00-0196a1b2-fake.jsonl', 'codex-rollout', 'lines'],
    ['github-audit-export.json', 'github-audit', 'array'],
  ] as const)('%s is %s', (file, format, framing) => {
    const detected = detectActivityFormat(file, fixtureText(file).slice(0, 16384));
    expect(detected.format).toBe(format);
    if (detected.format !== null) expect(detected.framing.kind).toBe(framing);
  });

  it('content wins over the name, and an unknown file says what is read', () => {
    expect(detectActivityFormat('renamed.txt', fixtureText('k8s-audit.log')).format).toBe('k8s-audit');
    const unknown = detectActivityFormat('notes.txt', 'hello world');
    expect(unknown).toEqual({ format: null, why: expect.stringContaining('notes.txt: not a known activity-log format') });
    expect(detectActivityFormat('x.json', '{"Records":[]}').format).toBe('cloudtrail');
  });
});

describe('redaction, as a property', () => {
  it('a token in any of the usual carriers never survives', async () => {
    const fc = (await import('fast-check')).default;
    const carriers = [
      (s: string) => `--token=${s}`,
      (s: string) => `password: ${s}`,
      (s: string) => `Authorization: Bearer ${s}`,
      (s: string) => `https://u:${s}@host/x`,
      (s: string) => `API_KEY=${s}`,
    ];
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{10,40}$/),
        fc.integer({ min: 0, max: carriers.length - 1 }),
        fc.string({ maxLength: 20 }),
        (secret, which, prefix) => {
          const carrier = carriers[which] ?? carriers[0];
          if (!carrier) return;
          expect(redact(`${prefix.replace(/\s/g, '')} run ${carrier(secret)} now`)).not.toContain(secret);
        },
      ),
      { numRuns: 500 },
    );
  });
});
