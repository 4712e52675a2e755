import { afterEach, describe, expect, it } from 'vitest';
import type { Request } from '../../../core/contract/index';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let wall = Date.parse('2026-05-01T09:00:00Z');
const opts = { now: () => new Date(wall), actor: { name: 'Ana', source: 'profile' as const } };
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

async function setup() {
  wall = Date.parse('2026-05-01T09:00:00Z');
  const { h, workspaceId } = await withWorkspace(true, opts);
  dirs.push(h.dataDir);
  const agentId = (await h.call('inventory:overview', { workspaceId })).agents[0]!.id;
  const create = (action: Partial<Request<'actions:create'>['action']>) =>
    h.call('actions:create', { workspaceId, action: { title: 'Gate deletes', owner: 'Marcus', dueDate: '2026-06-01', ...action } });
  const status = (actionId: string, change: Request<'actions:set-status'>['change']) =>
    h.call('actions:set-status', { workspaceId, actionId, change });
  return { h, workspaceId, agentId, create, status };
}

const statusesOf = async (h: Harness, workspaceId: string, filter: Request<'actions:list'>['filter'] = {}) =>
  (await h.call('actions:list', { workspaceId, filter })).actions.map((a) => [a.title, a.status, a.overdue]);

describe('corrective-action tracker', () => {
  it('moves an action through its statuses; only someone other than the owner verifies it', async () => {
    const { h, workspaceId, create, status } = await setup();
    const a = await create({ controlIds: ['APR-2'], priority: 'high' });
    expect(a).toMatchObject({ status: 'open', source: 'manual', sourceTitle: 'Added by hand', createdBy: 'Ana', overdue: false });
    expect((await status(a.id, { status: 'in-progress' })).status).toBe('in-progress');
    const done = await status(a.id, { status: 'done', note: 'Gate added in the deploy pipeline' });
    expect(done).toMatchObject({ status: 'done', doneBy: 'Ana', closingNote: 'Gate added in the deploy pipeline' });
    const self = await h.fail('actions:set-status', {
      workspaceId,
      actionId: a.id,
      change: { status: 'verified', verifiedBy: ' marcus ' },
    });
    expect(self.issues?.[0]?.path).toBe('change.verifiedBy');
    expect((await h.call('actions:get', { workspaceId, actionId: a.id })).status).toBe('done');
    const verified = await status(a.id, { status: 'verified', verifiedBy: 'Dana', note: 'Tried a delete: it asked for approval' });
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'Dana' });
    // Verified is final: neither the service nor a direct SQL write can move it.
    expect(await h.fail('actions:set-status', { workspaceId, actionId: a.id, change: { status: 'in-progress' } })).toMatchObject({
      code: 'REFUSED',
    });
    const db = h.ctx.workspace(workspaceId).db;
    expect(() => db.prepare("UPDATE corrective_actions SET status = 'open' WHERE id = ?").run(a.id)).toThrow(/cannot change/);
    expect(() => db.prepare('DELETE FROM corrective_actions WHERE id = ?').run(a.id)).toThrow(/not deleted/);
    // Open cannot jump to verified.
    const b = await create({ title: 'Second' });
    expect(
      (await h.fail('actions:set-status', { workspaceId, actionId: b.id, change: { status: 'verified', verifiedBy: 'Dana' } })).message,
    ).toMatch(/can only become/);
    h.close();
  });

  it("won't fix needs a reason and an approver who is neither the owner nor the person asking", async () => {
    const { h, workspaceId, create, status } = await setup();
    const a = await create({});
    const noReason = await h.fail('actions:set-status', {
      workspaceId,
      actionId: a.id,
      change: { status: 'wont-fix', reason: '  ', approver: 'Dana' },
    });
    expect(noReason).toMatchObject({ code: 'VALIDATION' });
    expect(noReason.issues?.[0]?.path).toBe('change.reason');
    const noApprover = await h.fail('actions:set-status', {
      workspaceId,
      actionId: a.id,
      change: { status: 'wont-fix', reason: 'Retired agent' },
    });
    expect(noApprover.issues?.[0]?.path).toBe('change.approver');
    const owner = await h.fail('actions:set-status', {
      workspaceId,
      actionId: a.id,
      change: { status: 'wont-fix', reason: 'Retired agent', approver: 'Marcus' },
    });
    expect(owner.issues?.[0]?.path).toBe('change.approver');
    const asker = await h.fail('actions:set-status', {
      workspaceId,
      actionId: a.id,
      change: { status: 'wont-fix', reason: 'Retired agent', approver: 'ana' },
    });
    expect(asker.issues?.[0]?.path).toBe('change.approver');
    expect((await h.call('actions:get', { workspaceId, actionId: a.id })).status).toBe('open');
    const wf = await status(a.id, { status: 'wont-fix', reason: 'The agent is retired next week', approver: 'Dana' });
    expect(wf).toMatchObject({ status: 'wont-fix', wontFixReason: 'The agent is retired next week', wontFixApprover: 'Dana' });
    const db = h.ctx.workspace(workspaceId).db;
    // The table refuses a won't fix without a reason, whoever writes it.
    const c = await create({ title: 'Third' });
    expect(() => db.prepare("UPDATE corrective_actions SET status = 'wont-fix', wont_fix_approver = 'X' WHERE id = ?").run(c.id)).toThrow(
      /CHECK/,
    );
    h.close();
  });

  it('overdue actions come first and filters narrow by owner, status and control; bad references name the field', async () => {
    const { h, workspaceId, create, status } = await setup();
    await create({ title: 'Later', dueDate: '2026-09-01', controlIds: ['LOG-1'] });
    const late = await create({ title: 'Late', owner: 'Dana', dueDate: '2026-04-15', controlIds: ['APR-2'] });
    const dueToday = await create({ title: 'Due today', dueDate: '2026-05-01' });
    expect(dueToday.overdue).toBe(false);
    expect(await statusesOf(h, workspaceId)).toEqual([
      ['Late', 'open', true],
      ['Due today', 'open', false],
      ['Later', 'open', false],
    ]);
    expect(await statusesOf(h, workspaceId, { status: 'overdue' })).toEqual([['Late', 'open', true]]);
    expect(await statusesOf(h, workspaceId, { owner: 'dana' })).toEqual([['Late', 'open', true]]);
    expect(await statusesOf(h, workspaceId, { controlId: 'LOG-1' })).toEqual([['Later', 'open', false]]);
    await status(late.id, { status: 'done' });
    expect(await statusesOf(h, workspaceId, { status: 'overdue' })).toEqual([]);
    const list = await h.call('actions:list', { workspaceId });
    expect(list.owners).toEqual(['Dana', 'Marcus']);
    const bad = await h.fail('actions:create', {
      workspaceId,
      action: { title: 'x', owner: 'M', dueDate: '2026-06-01', controlIds: ['XYZ-9'] },
    });
    expect(bad.issues?.[0]?.path).toBe('action.controlIds.0');
    const badAgent = await h.fail('actions:create', {
      workspaceId,
      action: { title: 'x', owner: 'M', dueDate: '2026-06-01', agentIds: ['nope'] },
    });
    expect(badAgent.issues?.[0]?.path).toBe('action.agentIds.0');
    const badDate = await h.fail('actions:create', { workspaceId, action: { title: 'x', owner: 'M', dueDate: '2026-02-30' } });
    expect(badDate.issues?.[0]?.path).toBe('action.dueDate');
    expect((await h.call('actions:list', { workspaceId })).actions).toHaveLength(3);
    h.close();
  });

  it("a drill AAR's actions are tracked here: a signed-off AAR fixes their wording, the tracker verifies them", async () => {
    const { h, workspaceId, agentId, status } = await setup();
    const v = await h.call('drills:create', {
      workspaceId,
      scenarioId: 'd1-prod-db-dropped-during-freeze',
      agentIds: [agentId],
      participants: [{ name: 'Ana', role: 'facilitator' }],
    });
    const drillId = v.drill.id;
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    await h.call('drills:complete', { workspaceId, drillId });
    const aar = await h.call('drills:aar-save', {
      workspaceId,
      drillId,
      aar: { correctiveActions: [{ title: 'Enforce the freeze', owner: 'Marcus', dueDate: '2026-04-20', controlIds: ['ENV-3'] }] },
    });
    const id = aar.correctiveActions[0]!.id;
    const row = await h.call('actions:get', { workspaceId, actionId: id });
    expect(row).toMatchObject({ source: 'drill', drillId, status: 'open', overdue: true });
    expect(row.sourceTitle).toMatch(/drill$/);
    await h.call('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'Dana' });
    const fields = { title: 'Enforce the freeze', owner: 'Someone else', dueDate: '2026-04-20', controlIds: ['ENV-3'] };
    expect((await h.fail('actions:update', { workspaceId, actionId: id, action: fields })).message).toMatch(/signed off by Dana/);
    const reprioritised = await h.call('actions:update', {
      workspaceId,
      actionId: id,
      action: { ...fields, owner: 'Marcus', priority: 'critical' },
    });
    expect(reprioritised.priority).toBe('critical');
    await h.call('drills:action-close', { workspaceId, actionId: id, closedBy: 'Marcus', note: 'CI blocks deploys in a freeze' });
    expect((await h.call('actions:get', { workspaceId, actionId: id })).status).toBe('done');
    expect((await status(id, { status: 'verified', verifiedBy: 'Dana' })).status).toBe('verified');
    const view = await h.call('drills:get', { workspaceId, drillId });
    expect(view.aar?.correctiveActions[0]).toMatchObject({ status: 'closed', closedBy: 'Marcus' });
    h.close();
  });
});
