import { describe, expect, it } from 'vitest';
import { parseAll, type ActivityEvent } from '../../../core/activity/index';
import { arrayRecords, ctx, fingerprint, parseLines } from './helpers';

const CLOUDTRAIL = '111122223333_CloudTrail_eu-west-1_20260504T1015Z_fake.json';
const byId = (events: ActivityEvent[], id: string): ActivityEvent => {
  const e = events.find((x) => x.id === id);
  if (!e) throw new Error(`no event ${id}: ${events.map((x) => x.id).join(', ')}`);
  return e;
};

describe('CloudTrail', () => {
  const out = parseAll('cloudtrail', arrayRecords(CLOUDTRAIL, 'Records'), ctx);

  it('reads assumed roles: role arn, session name and a fingerprint instead of the key', () => {
    const e = byId(out.events, 'cloudtrail:ev-0002');
    expect(e.actor).toMatchObject({
      roleArn: 'arn:aws:iam::111122223333:role/cleanup-agent',
      assumedRoleSession: 'cleanup-run-7',
      credentialFingerprint: fingerprint('ASIAPLANTEDCLEANUP01'),
    });
    expect(e).toMatchObject({
      action: 's3:DeleteBucket',
      actionClass: 'delete',
      outcome: 'success',
      target: 'bucketName=old-invoices-prod',
      env: { account: '111122223333', region: 'eu-west-1' },
    });
  });

  it('marks AccessDenied as denied, and counts a duplicated eventID once', () => {
    expect(byId(out.events, 'cloudtrail:ev-0001')).toMatchObject({ outcome: 'denied', actionClass: 'delete' });
    expect(out.events.filter((e) => e.id === 'cloudtrail:ev-0002')).toHaveLength(1);
    expect(out.events).toHaveLength(5);
  });

  it('classifies IAM key creation as a permission change and never reads responseElements', () => {
    const e = byId(out.events, 'cloudtrail:ev-0005');
    expect(e.actionClass).toBe('permission-change');
    expect(JSON.stringify(e)).not.toContain('wJalr');
  });

  it('names the record index of an element it cannot read', () => {
    expect(out.issues).toEqual([{ file: CLOUDTRAIL, line: 1, record: 6, message: 'CloudTrail record: eventName: missing eventName' }]);
  });

  it('reads lookup-events, with and without the embedded CloudTrailEvent', () => {
    const lk = parseAll('cloudtrail-lookup', arrayRecords('lookup-events.json', 'Events'), ctx);
    expect(byId(lk.events, 'cloudtrail-lookup:lk-0001')).toMatchObject({
      outcome: 'denied',
      action: 'dynamodb:DeleteTable',
      actor: { roleArn: 'arn:aws:iam::111122223333:role/cleanup-agent' },
    });
    expect(byId(lk.events, 'cloudtrail-lookup:lk-0002')).toMatchObject({
      action: 'secretsmanager:DeleteSecret',
      time: '2026-05-04T12:00:00.000Z',
      actor: { username: 'contractor' },
    });
    expect(lk.issues).toEqual([{ file: 'lookup-events.json', line: 1, record: 2, message: 'CloudTrailEvent: not valid JSON' }]);
  });
});

describe('Kubernetes audit', () => {
  const out = parseLines('k8s-audit', 'k8s-audit.log');
  it('keeps one event per auditID (the final stage), with the authorizer decision as a machine approval', () => {
    expect(out.events.map((e) => e.id)).toEqual(['k8s-audit:a-1', 'k8s-audit:a-2', 'k8s-audit:a-3', 'k8s-audit:a-4', 'k8s-audit:a-5']);
    expect(byId(out.events, 'k8s-audit:a-1')).toMatchObject({
      actor: { serviceAccount: 'system:serviceaccount:agents:ops-agent' },
      env: { namespace: 'prod' },
      actionClass: 'delete',
      outcome: 'success',
      approval: { decision: 'approved', by: 'machine' },
      source: { file: 'k8s-audit.log', line: 2 },
    });
  });
  it('reads 403 with a forbid decision as denied', () => {
    expect(byId(out.events, 'k8s-audit:a-2')).toMatchObject({ outcome: 'denied', approval: { decision: 'rejected' } });
  });
  it('names the line it cannot read', () => {
    expect(out.issues).toEqual([{ file: 'k8s-audit.log', line: 7, message: 'audit event: not valid JSON' }]);
  });
});

describe('PostgreSQL', () => {
  it('reads pgAudit and log_statement lines, and links a later permission-denied ERROR to its statement', () => {
    const out = parseLines('postgres-log', 'postgresql-2026-05-04.log');
    const [drop, del, alter, select, truncate] = out.events;
    expect(drop).toMatchObject({
      action: 'DROP TABLE',
      target: 'public.orders',
      actor: { dbRole: 'agent_rw' },
      env: { database: 'orders' },
      outcome: 'success',
      actionClass: 'delete',
    });
    expect(del).toMatchObject({ action: 'DELETE', target: 'invoices', outcome: 'denied' });
    expect(alter).toMatchObject({ action: 'ALTER ROLE', actionClass: 'permission-change', target: 'reporting' });
    expect(select).toMatchObject({ actionClass: 'read', source: { line: 6 } });
    expect(truncate?.actor).toEqual({});
    expect(out.events).toHaveLength(5);
    expect(out.issues).toEqual([
      { file: 'postgresql-2026-05-04.log', line: 10, message: 'not a PostgreSQL log line (expected a timestamp, [pid] and a level)' },
    ]);
  });

  it('reads csvlog rows, including a quoted field that spans lines and a 42501 error in the same session', () => {
    const out = parseLines('postgres-csvlog', 'postgresql-2026-05-04.csv');
    const ids = out.events.map((e) => e.source.line).sort();
    expect(ids).toEqual([1, 2, 3, 6]);
    expect(out.events.find((e) => e.source.line === 3)).toMatchObject({
      action: 'DELETE',
      target: 'customers',
      outcome: 'denied',
      actor: { application: 'mcp-postgres' },
    });
    expect(out.events.find((e) => e.source.line === 2)).toMatchObject({ actor: { dbRole: 'mallory' }, actionClass: 'delete' });
    expect(out.issues).toEqual([{ file: 'postgresql-2026-05-04.csv', line: 7, message: 'csvlog row: 2 columns, expected at least 14' }]);
  });
});

describe('OpenTelemetry GenAI spans', () => {
  const out = parseLines('otlp-traces', 'otlp-traces.jsonl');
  it('turns execute_tool and MCP tools/call spans into events, the agent from the parent invoke_agent span', () => {
    expect(out.events.map((e) => e.action)).toEqual(['execute_tool drop_table', 'execute_tool send_email', 'mcp tools/call execute_sql']);
    expect(out.events[0]).toMatchObject({
      actor: { agentName: 'Ops Agent' },
      outcome: 'denied',
      actionClass: 'delete',
      time: '2026-05-04T10:15:02.000Z',
      env: { environmentName: 'production' },
    });
    expect(out.events[1]).toMatchObject({ actionClass: 'external-send', outcome: 'success' });
    expect(out.events[2]?.actor.agentName).toBe('unnamed-mcp-client');
  });
  it('names the line whose shape is wrong', () => {
    expect(out.issues).toEqual([
      { file: 'otlp-traces.jsonl', line: 3, message: 'OTLP traces line: resourceSpans: Invalid input: expected array, received string' },
    ]);
  });
});

describe('Claude Code', () => {
  it('joins tool_decision and tool_result: who approved, and what happened', () => {
    const out = parseLines('claude-code-telemetry', 'claude-code-telemetry.jsonl');
    const [first, rejected, config, otlp] = out.events;
    expect(first).toMatchObject({
      action: 'Bash',
      target: 'kubectl delete pvc pg-data -n prod',
      actionClass: 'delete',
      outcome: 'success',
      approval: { decision: 'approved', by: 'human', source: 'tool_decision accept (user_temporary)' },
    });
    expect(rejected).toMatchObject({ outcome: 'denied', approval: { decision: 'rejected', by: 'human' } });
    expect(config).toMatchObject({ outcome: 'error', approval: { by: 'policy' }, actionClass: 'external-send' });
    expect(otlp).toMatchObject({
      target: 'rm -rf /srv/ops/data',
      approval: { by: 'human', source: 'tool_decision accept (user_permanent)' },
      source: { line: 7, record: 0 },
    });
    expect(out.events).toHaveLength(4);
    expect(out.issues).toEqual([{ file: 'claude-code-telemetry.jsonl', line: 8, message: 'Claude Code telemetry line: not valid JSON' }]);
  });

  it('reads transcripts: tool_use joined with tool_result, the rejection text as a human rejection', () => {
    const out = parseLines('claude-code-transcript', 'claude-transcript.jsonl', { ...ctx, sourceAgentName: 'DB Maintenance Agent' });
    expect(out.events.map((e) => [e.action, e.outcome])).toEqual([
      ['Bash', 'success'],
      ['Bash', 'denied'],
      ['Read', 'success'],
      ['mcp__postgres__execute_sql', 'unknown'],
    ]);
    expect(out.events[1]?.approval).toEqual({ decision: 'rejected', by: 'human', source: 'transcript: the user rejected the tool use' });
    expect(out.events[3]).toMatchObject({ actionClass: 'delete', actor: { agentName: 'DB Maintenance Agent' } });
    expect(out.issues).toEqual([{ file: 'claude-transcript.jsonl', line: 9, message: 'transcript line: type: missing type' }]);
  });
});

describe('Codex CLI', () => {
  it('joins codex.tool_decision and codex.tool_result by call_id', () => {
    const out = parseLines('codex-telemetry', 'codex-telemetry.jsonl');
    expect(out.events.map((e) => [e.id, e.outcome, e.approval?.decision, e.approval?.by])).toEqual([
      ['codex-telemetry:call_FAKE1', 'success', 'approved', 'human'],
      ['codex-telemetry:call_FAKE2', 'denied', 'rejected', 'human'],
      ['codex-telemetry:call_FAKE3', 'error', 'approved', 'policy'],
    ]);
    expect(out.events[0]).toMatchObject({
      target: 'terraform destroy -auto-approve',
      actionClass: 'delete',
      env: { environmentName: 'prod' },
    });
    expect(out.issues).toHaveLength(1);
  });
  it('reads rollouts: function_call joined with its output and exit code', () => {
    const out = parseLines('codex-rollout', 'rollout-2026-05-04T10-14-00-0196a1b2-fake.jsonl');
    expect(out.events.map((e) => [e.target, e.outcome])).toEqual([
      ['terraform destroy -auto-approve', 'success'],
      ['deploy-tool push --token=[redacted] prod', 'error'],
    ]);
    expect(out.events[0]).toMatchObject({ env: { cwd: '/srv/infra-prod' }, actor: { sessionId: '0196a1b2-fake' } });
    expect(out.issues[0]).toMatchObject({ line: 9 });
  });
});

describe('GitHub audit log', () => {
  const out = parseAll('github-audit', arrayRecords('github-audit-export.json', null), ctx);
  it('reads the export: actor, token fingerprint, repo; a duplicate document once; a rejected push as denied', () => {
    expect(out.events.map((e) => e.action)).toEqual([
      'repo.destroy',
      'protected_branch.policy_override',
      'git.clone',
      'protected_branch.rejected_ref_update',
    ]);
    expect(out.events[0]).toMatchObject({
      actionClass: 'delete',
      actor: { username: 'release-bot[bot]', agentName: 'release-bot' },
      env: { repo: 'octo-org/billing-api' },
    });
    expect(out.events[0]?.actor.credentialFingerprint).toBe(fingerprint('FAKEhashFAKEhashFAKEhashFAKEhash000000000='));
    expect(out.events[3]?.outcome).toBe('denied');
    expect(out.issues).toEqual([
      { file: 'github-audit-export.json', line: 1, record: 5, message: 'audit log entry: action: missing action' },
    ]);
  });
});

describe('context from the door', () => {
  it('a Kubernetes file gets its cluster from the door, and an impersonated user is the actor', () => {
    const line = JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      auditID: 'imp-1',
      stage: 'ResponseComplete',
      verb: 'patch',
      user: { username: 'admin@example.com' },
      impersonatedUser: { username: 'system:serviceaccount:agents:ops-agent' },
      objectRef: { resource: 'deployments', namespace: 'prod', name: 'api' },
      responseStatus: { code: 200 },
      futureField: { anything: true },
    });
    const out = parseAll('k8s-audit', [{ text: line, pos: { file: 'eks-audit.log', line: 1 } }], { ...ctx, cluster: 'eks-prod-eu' });
    expect(out.events[0]).toMatchObject({
      actor: { serviceAccount: 'system:serviceaccount:agents:ops-agent' },
      env: { cluster: 'eks-prod-eu', namespace: 'prod' },
      actionClass: 'deploy',
    });
  });
});
