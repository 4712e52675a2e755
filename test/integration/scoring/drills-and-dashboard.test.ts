import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});

let clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
const opts = { monotonicMs: () => clock.mono, now: () => new Date(clock.wall) };

describe('drill evidence feeds scoring', () => {
  it('a completed drill that reached recovery clears "rollback not exercised" and "containment not drilled"', async () => {
    clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
    const w = await withWorkspace(true, opts);
    h = w.h;
    const { workspaceId } = w;
    const agent = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'DB Maintenance Agent')!;
    const before = await h.call('score:agent', { workspaceId, agentId: agent.id });
    const rec2 = (s: typeof before) => s.score.controls.find((c) => c.controlId === 'REC-2')!;
    const hitl2 = (s: typeof before) => s.score.controls.find((c) => c.controlId === 'HITL-2')!;
    expect(rec2(before).findings[0]!.message).toContain('rollback has never been exercised in a drill');
    expect(hitl2(before).findings).toHaveLength(1);

    const view = await h.call('drills:create', {
      workspaceId,
      scenarioId: 'd1-prod-db-dropped-during-freeze',
      agentIds: [agent.id],
      participants: [{ name: 'Ana', role: 'facilitator' }],
      timeScale: 1,
    });
    const drillId = view.drill.id;
    const append = (event: object) => h!.call('drills:append', { workspaceId, drillId, event: event as never });
    await append({ type: 'start', payload: {} });
    clock.mono += 60_000;
    clock.wall += 60_000;
    await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    await append({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
    await append({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
    await append({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
    clock.mono += 60_000;
    clock.wall += 60_000;
    await append({
      type: 'checkpoint',
      payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: true, systemOfRecord: 'row counts' },
    });
    await h.call('drills:complete', { workspaceId, drillId });

    const after = await h.call('score:agent', { workspaceId, agentId: agent.id });
    expect(rec2(after).findings).toEqual([]);
    expect(rec2(after).effective).toBe('yes');
    expect(hitl2(after).findings).toEqual([]);
    expect(after.score.score).toBeGreaterThan(before.score.score);

    // 181 days later the drill is older than the 180-day review period: the finding is back.
    clock.wall += 181 * 86_400_000;
    const stale = await h.call('score:agent', { workspaceId, agentId: agent.id });
    expect(rec2(stale).findings[0]!.message).toContain('older than the 180-day review period');
  });
});

describe('drill corrective actions re-open controls', () => {
  it('an open action for "every targeted agent" re-opens the named control for each target, even without a recovery', async () => {
    clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
    const w = await withWorkspace(true, opts);
    h = w.h;
    const { workspaceId } = w;
    const agents = (await h.call('inventory:overview', { workspaceId })).agents;
    const triage = agents.find((a) => a.name === 'Ticket Triage Bot')!;
    const cl = (await h.call('checklist:get', { workspaceId })).checklist;
    await h.call('answer:set', {
      workspaceId,
      agentId: triage.id,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Priya',
      answers: [{ controlId: 'LOG-3', value: 'yes' }],
    });
    await h.call('evidence:add', {
      workspaceId,
      agentId: triage.id,
      controlId: 'LOG-3',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: { kind: 'note', label: 'Timed review: 9 min', evidenceDate: '2026-04-20', recordedBy: 'Priya' },
    });
    expect(
      (await h.call('score:agent', { workspaceId, agentId: triage.id })).score.controls.find((c) => c.controlId === 'LOG-3')!.effective,
    ).toBe('yes');

    const view = await h.call('drills:create', {
      workspaceId,
      scenarioId: 'd1-prod-db-dropped-during-freeze',
      agentIds: [triage.id],
      participants: [{ name: 'Ana', role: 'facilitator' }],
      timeScale: 1,
    });
    const drillId = view.drill.id;
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } as never });
    await h.call('drills:complete', { workspaceId, drillId });
    await h.call('drills:aar-save', {
      workspaceId,
      drillId,
      aar: {
        correctiveActions: [
          { title: 'Make the change log searchable', owner: 'Priya', dueDate: '2026-06-30', controlIds: ['LOG-3'], agentId: null },
        ],
      },
    });

    const after = await h.call('score:agent', { workspaceId, agentId: triage.id });
    const log3 = after.score.controls.find((c) => c.controlId === 'LOG-3')!;
    expect(log3.effective).toBe('no');
    expect(log3.findings[0]).toMatchObject({ source: 'drill', status: 'open' });
    expect(log3.findings[0]!.message).toContain('Make the change log searchable');
  });
});

describe('dashboard, trends and comparison', () => {
  it('reflects an inventory change immediately, and reports what changed since the last assessment', async () => {
    clock = { mono: 1000, wall: Date.parse('2026-06-01T09:00:00Z') };
    const w = await withWorkspace(true, opts);
    h = w.h;
    const { workspaceId } = w;
    const cl = (await h.call('checklist:get', { workspaceId })).checklist;
    const d1 = await h.call('score:dashboard', { workspaceId });
    expect(d1.lastAssessment).toBeNull();
    expect(d1.sinceLast).toBeNull();
    expect(d1.workspace.agentCount).toBe(8);
    expect(d1.workflows.map((f) => f.workflowName)).toContain('Support triage');
    expect(d1.topRisks.length).toBeGreaterThan(0);
    const rows1 = (await h.call('score:agents', { workspaceId })).rows;
    const cleanup = rows1.find((a) => a.agentName === 'Account Cleanup Agent')!;
    expect(d1.notReady.map((a) => a.agentId)).toContain(cleanup.agentId);
    expect(cleanup.verdict).toBe('not-ready');
    expect(cleanup.delta).toBeNull();

    await h.call('assessment:finalise', {
      workspaceId,
      title: 'Baseline',
      finalisedBy: 'Ops',
      checklistId: cl.id,
      checklistVersion: cl.version,
    });

    // Fix the ungated delete: the cached dashboard must notice.
    const agent = await h.call('agent:get', { workspaceId, id: cleanup.agentId });
    const g = agent.grants.find((x) => x.actions.includes('delete'))!;
    const { id, createdAt: _c, updatedAt: _u, ...rest } = g;
    await h.call('grant:update', { workspaceId, id, grant: { ...rest, approvalGate: 'two-person' } });
    const d2 = await h.call('score:dashboard', { workspaceId });
    const rows2 = (await h.call('score:agents', { workspaceId })).rows;
    const after = rows2.find((a) => a.agentId === cleanup.agentId)!;
    expect(after.score).toBeGreaterThan(cleanup.score);
    expect(after.delta).toBe(after.score - cleanup.score);
    expect(rows2.filter((a) => a.agentId !== cleanup.agentId).every((a) => a.delta === 0)).toBe(true);
    expect(d2.lastAssessment!.title).toBe('Baseline');
    const change = d2.sinceLast!.agents.find((a) => a.agentId === cleanup.agentId)!;
    expect(change.direction).toBe('improved');
    expect(change.changes.some((c) => c.controlId === 'APR-2' && c.why.some((y) => y.startsWith('Resolved:')))).toBe(true);

    const trends = await h.call('assessment:trends', { workspaceId, agentId: cleanup.agentId });
    expect(trends.map((t) => t.label)).toEqual(['Baseline', 'Now (not finalised)']);
    expect(trends[0]!.agentScore).toBe(cleanup.score);
    expect(trends[1]!.agentScore).toBe(after.score);
    expect(Object.keys(trends[0]!.areas)).toEqual(['ENV', 'APR', 'PRM', 'HITL', 'LOG', 'REC', 'OWN']);
  });
});
