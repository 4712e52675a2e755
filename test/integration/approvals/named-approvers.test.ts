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
let mono = 0;
const opts = {
  now: () => new Date('2026-06-01T10:00:00Z'),
  monotonicMs: () => mono,
  actor: { name: 'Rita Requester', source: 'cli-flag' as const },
};

describe('accepted risks and AAR sign-offs name an approver other than the requester', () => {
  it('refuses a risk acceptance approved by the person recording it, saving nothing; records the approver otherwise', async () => {
    const w = await withWorkspace(true, opts);
    h = w.h;
    const { workspaceId } = w;
    const cleanup = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'Account Cleanup Agent')!;
    const f = (await h.call('score:agent', { workspaceId, agentId: cleanup.id })).score.controls.find((c) => c.controlId === 'APR-2')!
      .findings[0]!;
    const accept = (approvedBy: string) => ({
      workspaceId,
      agentId: cleanup.id,
      findingKey: f.key,
      owner: 'CISO',
      reason: 'Gate ships next sprint',
      expiresOn: '2026-07-01',
      acceptedBy: 'Rita Requester',
      approvedBy,
    });
    const self = await h.fail('risk:accept', accept(' rita requester '));
    expect(self).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'approvedBy', message: expect.stringMatching(/someone other/) }] });
    expect(h.ctx.workspace(workspaceId).db.prepare('SELECT COUNT(*) AS n FROM accepted_risks').get()).toEqual({ n: 0 });
    expect(await h.fail('risk:accept', { ...accept('x'), approvedBy: undefined })).toMatchObject({ code: 'VALIDATION' });
    const ok = await h.call('risk:accept', accept('Chris CISO'));
    expect(ok.approvedBy).toBe('Chris CISO');
    const view = await h.call('score:agent', { workspaceId, agentId: cleanup.id });
    expect(view.acceptedRisks.map((r) => [r.acceptedBy, r.approvedBy])).toEqual([['Rita Requester', 'Chris CISO']]);
    const accepted = view.score.controls.find((c) => c.controlId === 'APR-2')!.findings[0]!;
    expect(accepted).toMatchObject({ status: 'accepted', acceptance: { owner: 'CISO', approvedBy: 'Chris CISO' } });
  });

  it('an AAR cannot be signed off by the person who wrote it', async () => {
    const w = await withWorkspace(true, opts);
    h = w.h;
    const { workspaceId } = w;
    const inv = await h.call('inventory:overview', { workspaceId });
    const v = await h.call('drills:create', {
      workspaceId,
      scenarioId: 'd1-prod-db-dropped-during-freeze',
      agentIds: [inv.agents[0]!.id],
      participants: [{ name: 'F', role: 'facilitator' }],
      timeScale: 1,
    });
    const drillId = v.drill.id;
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    mono += 60_000;
    await h.call('drills:complete', { workspaceId, drillId });
    const aar = await h.call('drills:aar-save', { workspaceId, drillId, aar: { strengths: ['fast halt'] } });
    expect(aar.writtenBy).toBe('Rita Requester');
    const self = await h.fail('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'Rita Requester' });
    expect(self).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'signedOffBy', message: expect.stringMatching(/wrote this review/) }],
    });
    const row = h.ctx.workspace(workspaceId).db.prepare('SELECT signed_off_by FROM drill_aars WHERE drill_id = ?').get(drillId);
    expect(row).toEqual({ signed_off_by: null });
    const signed = await h.call('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'Ana Approver' });
    expect(signed).toMatchObject({ signedOffBy: 'Ana Approver', writtenBy: 'Rita Requester' });
  });
});
