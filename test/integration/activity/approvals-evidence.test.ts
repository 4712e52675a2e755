import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/** The example workspace's DB Maintenance Agent: two production deletes without an approval in the logs, one denied. */
const EXAMPLE = join(__dirname, '../../fixtures/activity-example');

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});
let today = new Date('2026-06-01T10:00:00Z');

async function imported() {
  today = new Date('2026-06-01T10:00:00Z');
  const w = await withWorkspace(true, { now: () => today });
  h = w.h;
  const { workspaceId } = w;
  const overview = await w.h.call('inventory:overview', { workspaceId });
  const dbmaint = overview.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  const other = overview.agents.find((a) => a.name !== 'DB Maintenance Agent')!;
  // The declared production grant gets a single-person gate, so the logged deletes needed a human approval.
  const production = overview.environments.find((e) => e.tier === 'production')!;
  const grant = (await w.h.call('agent:get', { workspaceId, id: dbmaint.id })).grants.find((g) => g.environmentId === production.id)!;
  const { id, createdAt: _c, updatedAt: _u, ...input } = grant;
  await w.h.call('grant:update', { workspaceId, id, grant: { ...input, approvalGate: 'single' } });
  await w.h.call('activity:import-path', { workspaceId, path: EXAMPLE });
  const summary = async () => (await w.h.call('activity:summary', { workspaceId })).find((s) => s.agentId === dbmaint.id)!;
  const deletes = (await w.h.call('activity:events', { workspaceId, ids: (await summary()).destructiveInProduction.eventIds })).filter(
    (e) => e.outcome === 'success',
  );
  const apr2 = async () =>
    (await w.h.call('score:agent', { workspaceId, agentId: dbmaint.id })).score.controls.find((c) => c.controlId === 'APR-2')!;
  return { ...w, dbmaint, other, summary, deletes, apr2 };
}

const minutesBefore = (iso: string, m: number) => new Date(Date.parse(iso) - m * 60_000).toISOString();

describe('human approvals recorded in the app, matched by time and target', () => {
  it('an approval of the snapshot delete, given before it, counts as a human approval in the summary, the events and the score', async () => {
    const { h, workspaceId, dbmaint, summary, deletes, apr2 } = await imported();
    expect(deletes).toHaveLength(2);
    expect((await summary()).destructiveInProduction).toMatchObject({ total: 3, approved: 0, denied: 1 });
    const snapshot = deletes.find((e) => e.action.includes('DeleteDBSnapshot'))!;
    expect(snapshot.target).not.toBeNull();

    const approval = await h.call('activity:approval-record', {
      workspaceId,
      agentId: dbmaint.id,
      target: snapshot.target!,
      approvedBy: 'Priya Raman',
      approvedAt: minutesBefore(snapshot.time!, 5),
      validMinutes: 30,
      note: 'CHG-1042 snapshot purge',
    });
    expect(approval).toMatchObject({ approvedBy: 'Priya Raman', withdraws: null });

    expect((await summary()).destructiveInProduction).toMatchObject({ total: 3, approved: 1, denied: 1 });
    const opened = await h.call('activity:events', { workspaceId, ids: [snapshot.id] });
    expect(opened[0]!.approval).toMatchObject({ decision: 'approved', by: 'human' });
    expect(opened[0]!.approval!.source).toContain('approved by Priya Raman');
    const page = await h.call('activity:timeline', { workspaceId, agentId: dbmaint.id });
    expect(page.events.find((e) => e.id === snapshot.id)!.approval?.by).toBe('human');

    const findings = await h.call('activity:findings', { workspaceId });
    const unapproved = findings.find((f) => f.rule === 'unapproved-destructive' && f.agentId === dbmaint.id)!;
    expect(unapproved.eventIds).toHaveLength(1);
    expect(unapproved.eventIds).not.toContain(snapshot.id);
    const found = (await apr2()).findings.filter((f) => f.source === 'activity');
    expect(found[0]!.message).toMatch(/DB Maintenance Agent: 1 destructive production action/);
  });

  it('an approval given after the action, for another target, for another agent or past its window does not count; both deletes approved clears APR-2', async () => {
    const { h, workspaceId, dbmaint, other, summary, deletes, apr2 } = await imported();
    const [a, b] = deletes as [(typeof deletes)[0], (typeof deletes)[0]];
    const rec = (over: Record<string, unknown>) =>
      h.call('activity:approval-record', {
        workspaceId,
        agentId: dbmaint.id,
        target: a.target!,
        approvedBy: 'Priya Raman',
        approvedAt: minutesBefore(a.time!, 5),
        validMinutes: 30,
        ...over,
      });
    await rec({ approvedAt: minutesBefore(a.time!, -1) }); // one minute after the delete
    await rec({ target: `${a.target!}-other` });
    await rec({ agentId: other.id });
    await rec({ approvedAt: minutesBefore(a.time!, 90), validMinutes: 60 }); // expired 30 minutes before it
    expect((await summary()).destructiveInProduction.approved).toBe(0);

    // A trailing * approves every target under a prefix; no agent: whoever acts on it.
    await rec({ agentId: null, target: `${a.target!.slice(0, 4)}*` });
    await rec({ target: b.target!, approvedAt: minutesBefore(b.time!, 1), validMinutes: 5 });
    expect((await summary()).destructiveInProduction.approved).toBe(2);
    expect((await apr2()).findings.filter((f) => f.source === 'activity')).toEqual([]);
  });

  it('a withdrawn approval matches nothing, and the record of it stays', async () => {
    const { h, workspaceId, dbmaint, summary, deletes } = await imported();
    const a = deletes[0]!;
    const approval = await h.call('activity:approval-record', {
      workspaceId,
      agentId: dbmaint.id,
      target: a.target!,
      approvedBy: 'Priya Raman',
      approvedAt: minutesBefore(a.time!, 5),
    });
    expect((await summary()).destructiveInProduction.approved).toBe(1);
    const withdrawal = await h.call('activity:approval-withdraw', {
      workspaceId,
      id: approval.id,
      note: 'recorded against the wrong change',
    });
    expect(withdrawal.withdraws).toBe(approval.id);
    expect((await summary()).destructiveInProduction.approved).toBe(0);
    expect((await h.call('activity:approvals', { workspaceId })).map((x) => x.id).sort()).toEqual([approval.id, withdrawal.id].sort());
    await expect(h.call('activity:approval-withdraw', { workspaceId, id: approval.id })).rejects.toMatchObject({
      error: { code: 'CONFLICT' },
    });
    await expect(
      h.call('activity:approval-record', { workspaceId, target: 'x', approvedBy: 'P', approvedAt: 'yesterday' }),
    ).rejects.toMatchObject({ error: { code: 'VALIDATION' } });
  });
});

describe("an imported log source is evidence for the agent's LOG controls, and decays", () => {
  it('LOG-1 "yes" with no evidence is partial; the imported log makes it fresh; 180 days after its last event it is partial again', async () => {
    const { h, workspaceId, dbmaint } = await imported();
    const cl = (await h.call('checklist:get', { workspaceId })).summary;
    const log1 = async () =>
      (await h.call('score:agent', { workspaceId, agentId: dbmaint.id })).score.controls.find((c) => c.controlId === 'LOG-1')!;
    await h.call('answer:set', {
      workspaceId,
      agentId: dbmaint.id,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answers: [{ controlId: 'LOG-1', value: 'yes' }],
    });
    expect((await log1()).effective).toBe('yes');

    const detail = await h.call('score:agent', { workspaceId, agentId: dbmaint.id });
    const logs = detail.evidence.filter((e) => e.controlId === 'LOG-1' && e.id.startsWith('activity-log:'));
    const sources = await h.call('activity:sources', { workspaceId });
    expect(logs).toHaveLength(2);
    for (const s of sources) {
      const e = logs.find((x) => x.label.includes(s.path))!;
      expect(e.label).toContain(`SHA-256 ${s.sha256}`);
      expect(e.label).toMatch(/\d+ event\(s\) of this agent, 2026-05-\d\dT/);
      expect(e.evidenceDate).toBe(s.periodUntil!.slice(0, 10));
    }
    expect(detail.evidence.some((e) => e.controlId === 'LOG-3' && e.id.startsWith('activity-log:'))).toBe(true);

    today = new Date('2026-12-01T10:00:00Z'); // > 180 days after the last logged event (2026-05-21)
    const stale = await log1();
    expect(stale.effective).toBe('partial');
    expect(stale.notes.join(' ')).toMatch(/older than the 180-day review period/);
  });

  it('without an imported log, the same "yes" has no evidence and counts as partial; the report lists the log as evidence', async () => {
    today = new Date('2026-06-01T10:00:00Z');
    const w = await withWorkspace(true, { now: () => today });
    h = w.h;
    const { workspaceId } = w;
    const dbmaint = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'DB Maintenance Agent')!;
    const cl = (await h.call('checklist:get', { workspaceId })).summary;
    await h.call('answer:set', {
      workspaceId,
      agentId: dbmaint.id,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answers: [{ controlId: 'LOG-1', value: 'yes' }],
    });
    const log1 = async () =>
      (await h!.call('score:agent', { workspaceId, agentId: dbmaint.id })).score.controls.find((c) => c.controlId === 'LOG-1')!;
    expect((await log1()).effective).toBe('partial');
    expect((await h.call('report:preview', { workspaceId })).html).not.toContain('Activity log ');
    await h.call('activity:import-path', { workspaceId, path: EXAMPLE });
    expect((await log1()).effective).toBe('yes');
    const { html } = await h.call('report:preview', { workspaceId });
    const [source] = await h.call('activity:sources', { workspaceId });
    expect(html).toContain(`SHA-256 ${source!.sha256}`);
  });
});
