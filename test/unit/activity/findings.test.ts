import { describe, expect, it } from 'vitest';
import {
  activityFindings,
  analyseActivity,
  mergeDuplicates,
  parseAll,
  summariseByAgent,
  type ActivityFinding,
  type ActivityEvent,
} from '../../../core/activity/index';
import { arrayRecords, ctx, fingerprint, fixtureInventory, parseLines } from './helpers';

const inventory = fixtureInventory();
const allEvents = (): ActivityEvent[] => [
  ...parseAll('cloudtrail', arrayRecords('111122223333_CloudTrail_eu-west-1_20260504T1015Z_fake.json', 'Records'), ctx).events,
  ...parseLines('k8s-audit', 'k8s-audit.log').events,
  ...parseLines('postgres-log', 'postgresql-2026-05-04.log').events,
  ...parseLines('postgres-csvlog', 'postgresql-2026-05-04.csv').events,
  ...parseLines('otlp-traces', 'otlp-traces.jsonl').events,
  ...parseLines('claude-code-telemetry', 'claude-code-telemetry.jsonl').events,
  ...parseAll('github-audit', arrayRecords('github-audit-export.json', null), ctx).events,
];
const analysed = analyseActivity(allEvents(), inventory, { fingerprint });
const findings = activityFindings(analysed, inventory);
const rule = (r: ActivityFinding['rule'], agentId: string | null): ActivityFinding[] =>
  findings.filter((f) => f.rule === r && f.agentId === agentId);

describe('per-agent summary', () => {
  const summary = summariseByAgent(analysed);
  const db = summary.find((s) => s.agentId === 'ag-db');

  it('counts destructive production actions, approvals and denials, first and last seen', () => {
    // DROP TABLE and the denied DELETE in both PostgreSQL files, and ALTER ROLE (a permission change) in both
    expect(db?.destructiveInProduction).toMatchObject({ total: 6, approved: 0, denied: 2 });
    expect(db?.firstSeen).toBe('2026-05-04T10:15:02.123Z');
    expect(db?.lastSeen).toBe('2026-05-04T10:16:05.000Z');
    const claude = summary.find((s) => s.agentId === 'ag-claude');
    expect(claude?.destructiveInProduction).toMatchObject({ total: 4, approved: 2, denied: 1 });
  });

  it('lists the actions the declared grants do not allow', () => {
    expect(db?.outsideGrants).toEqual([
      {
        action: 'ALTER ROLE',
        actionClass: 'permission-change',
        count: 2,
        why: 'no declared grant of DB Maintenance Agent allows permission-change in Production on Orders DB',
        eventIds: ['postgresql-2026-05-04.log:5', 'postgresql-2026-05-04.csv:6'],
      },
    ]);
  });

  it('puts the agent with the most destructive production actions first and keeps unknown actors', () => {
    expect(summary[0]?.destructiveInProduction.total).toBeGreaterThanOrEqual(summary[1]?.destructiveInProduction.total ?? 0);
    expect(summary.find((s) => s.agentId === null)?.agentName).toBe('Unknown actors');
  });

  it('filters by period', () => {
    const late = summariseByAgent(analysed, { from: '2026-05-04T10:16:00.000Z' }).find((s) => s.agentId === 'ag-db');
    expect(late?.events).toBe(2);
  });
});

describe('behaviour findings', () => {
  it('a destructive production action without a human approval where the gate needs one', () => {
    expect(rule('unapproved-destructive', 'ag-cleanup')[0]?.eventIds).toEqual(['cloudtrail:ev-0002']);
    expect(rule('unapproved-destructive', 'ag-db')[0]?.eventIds).toEqual(['postgresql-2026-05-04.log:1', 'postgresql-2026-05-04.csv:1']);
    // Kubernetes RBAC allowed it, but a machine decision is not the two-person approval the grant asks for
    expect(rule('unapproved-destructive', 'ag-ops')[0]?.eventIds).toEqual(['k8s-audit:a-1']);
    // human-approved deletes (user_temporary, user_permanent) are not findings; the rejected one was denied
    expect(rule('unapproved-destructive', 'ag-claude')).toEqual([]);
  });

  it('no finding when the gate is none', () => {
    const ungated = { ...inventory, grants: inventory.grants.map((g) => ({ ...g, approvalGate: 'none' as const })) };
    expect(
      activityFindings(analyseActivity(allEvents(), ungated, { fingerprint }), ungated).filter((f) => f.rule === 'unapproved-destructive'),
    ).toEqual([]);
  });

  it('an action outside the declared grants, linked to the controls it evidences', () => {
    const [f] = rule('outside-grants', 'ag-release');
    expect(f).toMatchObject({
      controls: ['PRM-2'],
      eventIds: ['github-audit:FAKEdocid0001'],
      why: 'no declared grant of Release Bot allows delete in Production on octo-org/billing-api',
    });
  });

  it('no log source for an agent that can change production', () => {
    expect(rule('no-log-source', 'ag-billing')).toHaveLength(1);
    expect(findings.filter((f) => f.rule === 'no-log-source').map((f) => f.agentId)).toEqual(['ag-billing']);
  });

  it('a credential used from two environments', () => {
    const [f] = findings.filter((f) => f.rule === 'credential-two-environments');
    expect(f).toMatchObject({ agentId: 'ag-ops', title: 'One credential used in Production and Staging' });
    expect(f?.eventIds).toContain('k8s-audit:a-3');
  });

  it('an unknown actor deleting in production, one finding per actor', () => {
    const unknown = findings.filter((f) => f.rule === 'unknown-actor-production-delete');
    expect(unknown.flatMap((f) => f.eventIds).sort()).toEqual(['cloudtrail:ev-0004', 'k8s-audit:a-4', 'postgresql-2026-05-04.csv:2']);
    expect(unknown.every((f) => f.controls.includes('PRM-1'))).toBe(true);
  });

  it('a log gap longer than the period, including the ends of the reviewed period', () => {
    const gaps = activityFindings(analysed, inventory, {
      maxGapMs: 30 * 60_000,
      period: { from: '2026-05-04T00:00:00.000Z', until: '2026-05-04T23:59:59.000Z' },
    }).filter((f) => f.rule === 'log-gap' && f.agentId === 'ag-cleanup');
    expect(gaps.map((g) => g.eventIds)).toEqual([
      ['cloudtrail:ev-0001'],
      ['cloudtrail:ev-0003', 'cloudtrail:ev-0005'],
      ['cloudtrail:ev-0005'],
    ]);
    expect(activityFindings(analysed, inventory).some((f) => f.rule === 'log-gap')).toBe(false);
  });
});

describe('mergeDuplicates', () => {
  it('one tool call in telemetry and transcript becomes one event with the human approval', () => {
    const telemetry = parseLines('claude-code-telemetry', 'claude-code-telemetry.jsonl').events;
    const transcript = parseLines('claude-code-transcript', 'claude-transcript.jsonl').events;
    const merged = mergeDuplicates([...transcript, ...telemetry]);
    const first = merged.filter((e) => e.correlation === 'tool:toolu_01FAKE');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ format: 'claude-code-transcript', approval: { by: 'human', decision: 'approved' } });
    expect(merged).toHaveLength(transcript.length + telemetry.length - 3);
  });
});
