import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { BUILTIN_CHECKLIST_YAML } from '../../../core/checklist/builtin';
import type { Actor } from '../../../electron/services/context';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});

const rita: Actor = { name: 'Rita Requester', email: 'rita@example.test', source: 'cli-flag' };
const alex: Actor = { name: 'Alex Approver', email: 'alex@example.test', source: 'cli-flag' };
const bea: Actor = { name: 'Bea Second', source: 'cli-flag' };

/** A clock the test moves by hand. */
function clock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advanceDays: (d: number) => (t += d * 86_400_000) };
}

/** The default checklist, one version up, with a control that runs the approval rule. */
function checklistWithApprovalRule(): string {
  const cl = parse(BUILTIN_CHECKLIST_YAML) as { version: string; controls: Record<string, unknown>[] };
  cl.version = '1.1.0';
  cl.controls.push({
    id: 'APR-9',
    area: 'APR',
    title: 'Destructive production access approved by a named person',
    question: 'Has someone other than the requester approved each destructive production grant, recently?',
    guidance: 'Approve grants in the inventory.',
    evidence: 'The approvals.',
    weight: 3,
    critical: false,
    reviewPeriodDays: 90,
    frameworks: [
      { framework: 'SOC2', ids: ['CC6.3'] },
      { framework: 'NIST-800-53', ids: ['AC-6'] },
    ],
    rule: { id: 'destructive-approval-invalid' },
  });
  return stringify(cl);
}

async function setup() {
  const c = clock('2026-06-01T10:00:00Z');
  const w = await withWorkspace(false, { now: c.now, actor: rita });
  h = w.h;
  const { workspaceId } = w;
  const ov = await h.call('inventory:overview', { workspaceId });
  const prod = ov.environments.find((e) => e.tier === 'production')!;
  const agent = await h.call('agent:create', { workspaceId, agent: { name: 'Cleanup agent', purpose: 'cleans' } });
  const system = await h.call('system:create', { workspaceId, system: { name: 'Billing DB', kind: 'database' } });
  const grant = (approvalGate: 'single' | 'two-person', scope = 'invoices/*') =>
    h!.call('grant:create', {
      workspaceId,
      grant: {
        agentId: agent.id,
        systemId: system.id,
        environmentId: prod.id,
        actions: ['read', 'delete'],
        scope,
        approvalGate,
        expiresAt: '2026-12-31',
      },
    });
  const as = (actor: Actor) => (h!.ctx.actor = actor);
  const approvalRows = () => h!.ctx.workspace(workspaceId).db.prepare('SELECT COUNT(*) AS n FROM grant_approvals').get() as { n: number };
  return { workspaceId, agent, system, prod, grant, as, clock: c, approvalRows };
}

describe('grant approvals by named people', () => {
  it('records the creator as requester and refuses self-approval, saving nothing', async () => {
    const { workspaceId, grant, approvalRows } = await setup();
    const g = await grant('single');
    const view = await h!.call('grant:approvals', { workspaceId, id: g.id });
    expect(view).toMatchObject({ state: 'missing', requestedBy: 'Rita Requester', needed: 1, approvals: [] });
    const err = await h!.fail('grant:approve', { workspaceId, id: g.id });
    expect(err).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/Rita Requester requested this grant/) });
    expect(approvalRows().n).toBe(0);
  });

  it('another person approves; the same person twice is refused', async () => {
    const { workspaceId, grant, as } = await setup();
    const g = await grant('single');
    as(alex);
    const view = await h!.call('grant:approve', { workspaceId, id: g.id });
    expect(view).toMatchObject({ state: 'approved', validApprovers: ['Alex Approver'] });
    expect(view.approvals[0]).toMatchObject({ approverName: 'Alex Approver', approverEmail: 'alex@example.test', standing: 'valid' });
    expect(await h!.fail('grant:approve', { workspaceId, id: g.id })).toMatchObject({ code: 'REFUSED' });
  });

  it('a two-person gate needs two distinct approvers', async () => {
    const { workspaceId, grant, as } = await setup();
    const g = await grant('two-person');
    as(alex);
    expect((await h!.call('grant:approve', { workspaceId, id: g.id })).state).toBe('incomplete');
    const twice = await h!.fail('grant:approve', { workspaceId, id: g.id });
    expect(twice).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/second, different approver/) });
    as(bea);
    const done = await h!.call('grant:approve', { workspaceId, id: g.id });
    expect(done).toMatchObject({ state: 'approved', validApprovers: ['Alex Approver', 'Bea Second'] });
  });

  it('a material change makes the approval stale and the changer the requester; a narrowing keeps it', async () => {
    const { workspaceId, grant, as } = await setup();
    const g = await grant('single');
    as(alex);
    await h!.call('grant:approve', { workspaceId, id: g.id });
    as(rita);
    const { id: _id, createdAt: _c, updatedAt: _u, ...input } = g;
    await h!.call('grant:update', { workspaceId, id: g.id, grant: { ...input, expiresAt: '2026-09-30' } });
    expect((await h!.call('grant:approvals', { workspaceId, id: g.id })).state).toBe('approved');
    await h!.call('grant:update', { workspaceId, id: g.id, grant: { ...input, actions: ['read', 'delete', 'admin'] } });
    const stale = await h!.call('grant:approvals', { workspaceId, id: g.id });
    expect(stale).toMatchObject({ state: 'stale', requestedBy: 'Rita Requester' });
    expect(stale.approvals.map((a) => a.standing)).toEqual(['stale']);
    // Alex approves the new terms: approved again.
    as(alex);
    expect((await h!.call('grant:approve', { workspaceId, id: g.id })).state).toBe('approved');
  });

  it('a grant widened directly in the file (no update through the app) is stale too', async () => {
    const { workspaceId, grant, as } = await setup();
    const g = await grant('single');
    as(alex);
    await h!.call('grant:approve', { workspaceId, id: g.id });
    h!.ctx.workspace(workspaceId).db.prepare("UPDATE grants SET scope = '*' WHERE id = ?").run(g.id);
    expect((await h!.call('grant:approvals', { workspaceId, id: g.id })).state).toBe('stale');
  });

  it('approvals expire after their validity; the rows are append-only', async () => {
    const { workspaceId, grant, as, clock: c } = await setup();
    const g = await grant('single');
    as(alex);
    const v = await h!.call('grant:approve', { workspaceId, id: g.id, validDays: 30 });
    expect(v.approvals[0]!.expiresAt).toBe('2026-07-01T10:00:00.000Z');
    expect(await h!.fail('grant:approve', { workspaceId, id: g.id, validDays: 0 })).toMatchObject({ code: 'VALIDATION' });
    c.advanceDays(31);
    expect((await h!.call('grant:approvals', { workspaceId, id: g.id })).state).toBe('expired');
    const db = h!.ctx.workspace(workspaceId).db;
    expect(() => db.prepare("UPDATE grant_approvals SET expires_at = '2099-01-01'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM grant_approvals').run()).toThrow(/append-only/);
    // Renewing after expiry is allowed for the same person.
    expect((await h!.call('grant:approve', { workspaceId, id: g.id })).state).toBe('approved');
  });

  it('the computed rule flags missing, self-made, stale and half-done approvals and clears when approved', async () => {
    const { workspaceId, agent, grant, as } = await setup();
    await h!.call('checklist:load', { workspaceId, yaml: checklistWithApprovalRule(), loadedBy: 'Rita', activate: true });
    const apr9 = async () =>
      (await h!.call('score:agent', { workspaceId, agentId: agent.id })).score.controls.find((c) => c.controlId === 'APR-9')!;
    const g = await grant('two-person');
    expect((await apr9()).findings.map((f) => f.message)).toEqual([expect.stringContaining('no named person has approved it')]);
    // Self-approval is refused at the door; one written behind its back still does not count.
    h!.ctx
      .workspace(workspaceId)
      .db.prepare(
        `INSERT INTO grant_approvals (id, grant_id, approver_name, approver_email, approved_at, expires_at, subject_hash, subject_json)
         SELECT 'forged', grant_id, requested_by, requested_by_email, '2026-06-01T11:00:00.000Z', '2026-08-01T00:00:00.000Z', subject_hash,
           (SELECT json_object('actions', json(g.actions), 'environmentId', g.environment_id, 'scope', g.scope, 'approvalGate', g.approval_gate, 'expiresAt', g.expires_at) FROM grants g WHERE g.id = grant_id)
         FROM grant_requests`,
      )
      .run();
    const forged = await apr9();
    expect(forged.findings.map((f) => f.message)).toEqual([expect.stringContaining('approved only by Rita Requester, who requested it')]);
    // A garbled approval row approves nothing (and does not break scoring).
    h!.ctx
      .workspace(workspaceId)
      .db.prepare(
        `INSERT INTO grant_approvals (id, grant_id, approver_name, approver_email, approved_at, expires_at, subject_hash, subject_json)
         VALUES ('garbled', ?, 'Mallory', NULL, '2026-06-01T11:00:00.000Z', '2026-08-01T00:00:00.000Z', 'x', '{"actions": 1}')`,
      )
      .run(g.id);
    expect((await apr9()).findings).toHaveLength(1);
    as(alex);
    await h!.call('grant:approve', { workspaceId, id: g.id });
    expect((await apr9()).findings[0]!.message).toMatch(/only one person has approved it/);
    as(bea);
    await h!.call('grant:approve', { workspaceId, id: g.id });
    const ok = await apr9();
    expect(ok.findings).toEqual([]);
    expect(ok.effective).toBe('yes');
  });
});
