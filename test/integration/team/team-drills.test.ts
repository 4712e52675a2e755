import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TeamAccount } from '../../../core/team/authorization';
import { openTeamBackend, type TeamBackend } from '../../../electron/services/team/backend';
import { SHARED_CLOCK_WINDOW_MS } from '../../../electron/services/drills-shared-clock';
import { startPostgres } from '../../support/postgres';
import { ADMIN_PW, FAST } from './team-world';

/**
 * A drill on the team server (issue 14 §4-5): each request has its own service context, and a
 * drill is served by whichever instance the proxy picks. The facilitator starts it on A, then
 * people log on A and on B: every entry is taken, in one gap-free sequence with a clock that never
 * runs backwards. Only a drill nobody has seen running for a minute (every instance was down)
 * asks for a resume, as the desktop does after a restart.
 */
const pgs = await startPostgres();

type Reply = { ok: boolean; value?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(!pgs.ok)('team server drills', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-team-drills-'));
  const backends: TeamBackend[] = [];
  afterAll(async () => {
    for (const b of backends) await b.close();
    if (pgs.ok) await pgs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const open = async (url: string, now?: () => Date) => {
    const b = await openTeamBackend({ databaseUrl: url, dataDir, policy: { scrypt: FAST }, ...(now ? { now } : {}) });
    backends.push(b);
    return b;
  };

  it('takes entries for one drill through two instances in one sequence, and asks for a resume only after an outage', async () => {
    if (!pgs.ok) return;
    const url = await pgs.createDatabase();
    const a = await open(url);
    const b = await open(url);
    await a.service.bootstrap({ email: 'ada@example.org', name: 'Ada', password: ADMIN_PW, workspace: { id: 'ops-1a2b3c', name: 'Ops' } });
    const ada: TeamAccount = (await a.service.signIn({ email: 'ada@example.org', password: ADMIN_PW, client: 'test' })).account;
    const call = async (on: TeamBackend, channel: string, input: Record<string, unknown>): Promise<Reply> =>
      (await on.call(ada, channel, { workspaceId: 'ops-1a2b3c', ...input })) as Reply;
    const ok = async (on: TeamBackend, channel: string, input: Record<string, unknown>) => {
      const r = await call(on, channel, input);
      expect(r.error?.message ?? 'ok').toBe('ok');
      return r.value;
    };

    const agent = await ok(a, 'agent:create', { agent: { name: 'Deploy bot' } });
    const made = await ok(a, 'drills:create', {
      scenarioId: 'd1-prod-db-dropped-during-freeze',
      agentIds: [agent.id],
      participants: [{ name: 'Ada', role: 'facilitator' }],
    });
    const drillId = made.drill.id as string;
    await ok(a, 'drills:append', { drillId, event: { type: 'start' } });
    // Each call below is a new request: the anchor the start took must outlive its request.
    for (const [i, on] of [a, b, a, b, b, a].entries()) await ok(on, 'drills:append', { drillId, event: note(`entry ${i}`) });
    await ok(b, 'drills:append', { drillId, event: { type: 'pause', payload: { reason: 'coffee' } } });
    await ok(a, 'drills:append', { drillId, event: { type: 'resume' } });
    await ok(b, 'drills:append', { drillId, event: note('after the pause') });
    const view = await ok(b, 'drills:get', { drillId });
    expect(view.needsResume).toBe(false);
    expect(view.clock.running).toBe(true);

    const { events } = await ok(a, 'drills:events', { drillId });
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    const notes = events.filter((e: { type: string }) => e.type === 'note').map((e: { payload: { text: string } }) => e.payload.text);
    expect(notes).toEqual(['entry 0', 'entry 1', 'entry 2', 'entry 3', 'entry 4', 'entry 5', 'after the pause']);
    const offsets = events.map((e: { monotonicMs: number }) => e.monotonicMs);
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
    expect((await ok(b, 'drills:resume-offer', {})).map((d: { id: string }) => d.id)).not.toContain(drillId);

    // An instance that first sees the drill long after its last sign of life: every instance was down.
    const later = await open(url, () => new Date(Date.now() + SHARED_CLOCK_WINDOW_MS + 60_000));
    expect((await ok(later, 'drills:get', { drillId })).needsResume).toBe(true);
    const refused = await call(later, 'drills:append', { drillId, event: note('too soon') });
    expect(refused.error?.message).toMatch(/^The app stopped while this drill was running\. Resume it first/);
    await ok(later, 'drills:resume', { drillId });
    await ok(later, 'drills:append', { drillId, event: note('after the outage') });
    const after = (await ok(a, 'drills:events', { drillId })).events as { type: string; seq: number }[];
    expect(after.slice(events.length).map((e) => e.type)).toEqual(['app-gap', 'note']);
  });
});

const note = (text: string) => ({ type: 'note', payload: { text } });
