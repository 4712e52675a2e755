import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../core/contract/index';
import { AUTHORIZATION, type Role, type TeamAccount } from '../../../core/team/authorization';
import { dispatch } from '../../../electron/services/dispatch';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Authorization is one table (core/team/rules.ts), checked by dispatch for every channel when the
 * service context carries a team session. Driven through the real dispatcher on a real workspace.
 */
let h: Harness;
let workspaceId: string;
let otherWorkspaceId: string;
const ids = { w1: '', w2: '', a1: '', a2: '', g1: '', g2: '', sys: '', prod: '' };

const account = (name: string, roles: Role[], workflowScope: string[] | null = null): TeamAccount => ({
  id: `acc-${name}`,
  name,
  roles,
  workflowScope,
  workspaces: [workspaceId],
});

/** Runs one request as `who` (undefined: desktop, no team session), then leaves the context as it was. */
async function as(who: TeamAccount | null | undefined, channel: string, input: unknown) {
  if (who === undefined) delete h.ctx.team;
  else h.ctx.team = { account: who };
  try {
    return await dispatch(h.ctx, channel, input);
  } finally {
    delete h.ctx.team;
  }
}

const refusedWith = (r: Awaited<ReturnType<typeof as>>) =>
  !r.ok && (r.error.code === 'FORBIDDEN' || r.error.code === 'UNAUTHENTICATED') ? r.error.details?.status : 'allowed';

beforeAll(async () => {
  // PDFs are not what this file is about: a stand-in renderer keeps the matrix from starting Chromium for every pack.
  ({ h, workspaceId } = await withWorkspace(false, { pdf: async () => Buffer.from('%PDF-1.4 stand-in') }));
  otherWorkspaceId = (await h.call('workspace:create', { name: 'Someone else' })).id;
  ids.w1 = (await h.call('workflow:create', { workspaceId, workflow: { name: 'Billing' } })).id;
  ids.w2 = (await h.call('workflow:create', { workspaceId, workflow: { name: 'Support' } })).id;
  ids.a1 = (await h.call('agent:create', { workspaceId, agent: { name: 'Biller', workflowIds: [ids.w1] } })).id;
  ids.a2 = (await h.call('agent:create', { workspaceId, agent: { name: 'Helper', workflowIds: [ids.w2] } })).id;
  ids.sys = (await h.call('system:create', { workspaceId, system: { name: 'Orders DB', kind: 'database' } })).id;
  ids.prod = (await h.call('inventory:overview', { workspaceId })).environments.find((e) => e.tier === 'production')!.id;
  const grant = (agentId: string) => ({ agentId, systemId: ids.sys, environmentId: ids.prod, actions: ['read' as const] });
  ids.g1 = (await h.call('grant:create', { workspaceId, grant: grant(ids.a1) })).id;
  ids.g2 = (await h.call('grant:create', { workspaceId, grant: grant(ids.a2) })).id;
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('authorization: every channel as every role, plus signed out, through dispatch', () => {
  const people = () => ({
    admin: account('Ada', ['admin']),
    editor: account('Eve', ['editor']),
    'editor of Billing': account('Ed', ['editor'], [ids.w1]),
    approver: account('April', ['approver']),
    facilitator: account('Fay', ['facilitator']),
    viewer: account('Vic', ['viewer']),
    'approver + facilitator': account('Al', ['approver', 'facilitator']),
  });

  /** What the table says, read the way a person reads it (independent of authorize's code). */
  function expected(who: TeamAccount | null, channel: keyof typeof AUTHORIZATION): 'allowed' | 401 | 403 {
    const rule: { role: Role; scope?: string; local?: true } = AUTHORIZATION[channel];
    if (!who) return 401;
    if (rule.local) return 403;
    if (who.roles.includes('admin') || rule.role === 'viewer') return 'allowed';
    if (!who.roles.includes(rule.role)) return 403;
    // The request below names no agent, grant or workflow: a limited editor cannot be shown to stay within Billing.
    if (rule.scope && who.workflowScope) return 403;
    return 'allowed';
  }

  it(`covers all ${CHANNELS.length} channels, each with a rule`, () => {
    expect(Object.keys(AUTHORIZATION).sort()).toEqual([...CHANNELS].sort());
  });

  it('each request is allowed, or refused with 401 / 403, exactly as the table says', async () => {
    const mismatches: string[] = [];
    const counts = { allowed: 0, 401: 0, 403: 0 };
    for (const [label, who] of [...Object.entries(people()), ['signed out', null] as const]) {
      for (const channel of CHANNELS) {
        const got = refusedWith(await as(who, channel, { workspaceId }));
        counts[got as keyof typeof counts]++;
        const want = expected(who, channel);
        if (got !== want) mismatches.push(`${label} ${channel}: got ${got}, table says ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(counts[401]).toBe(CHANNELS.length); // signed out: every channel
    expect(counts.allowed).toBeGreaterThan(CHANNELS.length); // admin and viewers-of-reads at least
  });

  it('pins the roles of the issue: viewer reads only, editor changes the inventory, approver approves, facilitator runs drills', async () => {
    const p = people();
    const grantApprove = { workspaceId, grantId: ids.g1 };
    expect(refusedWith(await as(p.viewer, 'agent:get', { workspaceId, id: ids.a1 }))).toBe('allowed');
    expect(refusedWith(await as(p.viewer, 'agent:create', { workspaceId, agent: { name: 'X' } }))).toBe(403);
    expect(refusedWith(await as(p.editor, 'agent:create', { workspaceId, agent: { name: 'X' } }))).toBe('allowed');
    expect(refusedWith(await as(p.editor, 'grant:approve', grantApprove))).toBe(403);
    expect(refusedWith(await as(p.approver, 'grant:approve', grantApprove))).not.toBe(403);
    expect(refusedWith(await as(p.approver, 'drills:create', { workspaceId }))).toBe(403);
    expect(refusedWith(await as(p.facilitator, 'drills:create', { workspaceId }))).toBe('allowed');
    expect(refusedWith(await as(p.facilitator, 'drills:aar-signoff', { workspaceId }))).toBe(403);
    expect(refusedWith(await as(p['approver + facilitator'], 'drills:aar-signoff', { workspaceId }))).toBe('allowed');
    expect(refusedWith(await as(p['approver + facilitator'], 'drills:append', { workspaceId }))).toBe('allowed');
    expect(refusedWith(await as(p.editor, 'workspace:create', { name: 'New' }))).toBe(403);
    // the server's own files: nobody, not even an admin
    expect(refusedWith(await as(p.admin, 'backup:restoreByPath', { path: '/etc' }))).toBe(403);
    expect(refusedWith(await as(p.admin, 'drills:live-fire-start', { workspaceId }))).toBe(403);
  });

  it('a refused change writes nothing, and says why', async () => {
    const agentNames = async () => (await h.call('inventory:overview', { workspaceId })).agents.map((a) => a.name).sort();
    const before = await agentNames();
    expect(before).toEqual(expect.arrayContaining(['Biller', 'Helper']));
    const r = await as(people().viewer, 'agent:create', { workspaceId, agent: { name: 'Sneaky' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '"agent:create" needs the editor role.' } });
    const out = await as(null, 'agent:create', { workspaceId, agent: { name: 'Sneaky' } });
    expect(out).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { status: 401 } } });
    expect(await agentNames()).toEqual(before);
  });
});

describe('workflow scope: an editor limited to Billing changes only Billing', () => {
  const ed = () => account('Ed', ['editor'], [ids.w1]);
  const grantInput = (agentId: string) => ({ agentId, systemId: ids.sys, environmentId: ids.prod, actions: ['write' as const] });

  it('edits its own agent and grants, and is refused on the other workflow', async () => {
    const mine = await as(ed(), 'agent:update', { workspaceId, id: ids.a1, agent: { name: 'Biller 2', workflowIds: [ids.w1] } });
    expect(mine.ok).toBe(true);
    const theirs = await as(ed(), 'agent:update', { workspaceId, id: ids.a2, agent: { name: 'Mine now', workflowIds: [ids.w1] } });
    expect(refusedWith(theirs)).toBe(403);
    expect((await h.call('agent:get', { workspaceId, id: ids.a2 })).agent.name).toBe('Helper');
    expect(refusedWith(await as(ed(), 'grant:create', { workspaceId, grant: grantInput(ids.a1) }))).toBe('allowed');
    expect(refusedWith(await as(ed(), 'grant:create', { workspaceId, grant: grantInput(ids.a2) }))).toBe(403);
    expect(refusedWith(await as(ed(), 'grant:delete', { workspaceId, id: ids.g2 }))).toBe(403);
    expect(refusedWith(await as(ed(), 'answer:clear', { workspaceId, agentId: ids.a2, controlId: 'x' }))).toBe(403);
  });

  it('cannot move its agent into another workflow, nor change what every workflow shares', async () => {
    const move = await as(ed(), 'agent:update', { workspaceId, id: ids.a1, agent: { name: 'Biller', workflowIds: [ids.w2] } });
    expect(refusedWith(move)).toBe(403);
    expect(refusedWith(await as(ed(), 'workflow:update', { workspaceId, id: ids.w2, workflow: { name: 'Z' } }))).toBe(403);
    expect(refusedWith(await as(ed(), 'system:create', { workspaceId, system: { name: 'S3', kind: 'storage' } }))).toBe(403);
    expect(refusedWith(await as(ed(), 'agent:delete', { workspaceId, id: 'no-such-agent' }))).toBe(403);
    const anyEditor = account('Eve', ['editor']);
    expect(refusedWith(await as(anyEditor, 'system:update', { workspaceId, id: ids.sys, system: { name: 'S' } }))).toBe('allowed');
  });
});

describe('workspaces are isolated, and the desktop is unchanged', () => {
  it('an account sees and opens only the workspaces it was invited to', async () => {
    const admin = account('Ada', ['admin']);
    const list = await as(admin, 'workspace:list', {});
    expect(list.ok && (list.value as { id: string }[]).map((w) => w.id)).toEqual([workspaceId]);
    expect(refusedWith(await as(admin, 'workspace:open', { workspaceId: otherWorkspaceId }))).toBe(403);
    expect(refusedWith(await as(admin, 'inventory:overview', { workspaceId: otherWorkspaceId }))).toBe(403);
  });

  it('without a team session (desktop, loopback, CLI) every channel behaves as before: nothing is refused', async () => {
    const list = await as(undefined, 'workspace:list', {});
    expect(list.ok && (list.value as { id: string }[]).map((w) => w.id).sort()).toEqual([workspaceId, otherWorkspaceId].sort());
    for (const channel of CHANNELS)
      expect([channel, refusedWith(await as(undefined, channel, { workspaceId }))]).toEqual([channel, 'allowed']);
  });
});
