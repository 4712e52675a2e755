import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_CHECKLIST_YAML } from '../../../core/checklist/builtin';
import { getAssessmentResults } from '../../../electron/store/scoring/assessments';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});

const now = () => new Date('2026-06-01T10:00:00Z');

async function example() {
  const w = await withWorkspace(true, { now });
  h = w.h;
  const list = await w.h.call('inventory:overview', { workspaceId: w.workspaceId });
  const cleanup = list.agents.find((a) => a.name === 'Account Cleanup Agent')!;
  const cl = await w.h.call('checklist:get', { workspaceId: w.workspaceId });
  return { ...w, cleanup, cl: cl.checklist };
}

describe('example workspace scoring', () => {
  it('flags the production delete without a gate, and clears it when the gate is added', async () => {
    const { h, workspaceId, cleanup } = await example();
    const before = await h.call('score:agent', { workspaceId, agentId: cleanup.id });
    expect(before.score.verdict).toBe('not-ready');
    const apr2 = before.score.controls.find((c) => c.controlId === 'APR-2')!;
    expect(apr2.findings[0]!.message).toContain('Customer accounts DB in Production: can delete with no approval gate');
    expect(before.score.capReasons.some((r) => r.startsWith('APR-2'))).toBe(true);

    const agent = await h.call('agent:get', { workspaceId, id: cleanup.id });
    const g = agent.grants.find((x) => x.actions.includes('delete'))!;
    const { id, createdAt: _c, updatedAt: _u, ...rest } = g;
    await h.call('grant:update', { workspaceId, id, grant: { ...rest, approvalGate: 'single' } });
    const after = await h.call('score:agent', { workspaceId, agentId: cleanup.id });
    expect(after.score.controls.find((c) => c.controlId === 'APR-2')!.findings).toEqual([]);
    expect(after.score.score).toBeGreaterThan(before.score.score);
  });
});

describe('finalised assessments are immutable', () => {
  it('keeps a finalised snapshot unchanged while work continues, and the database refuses edits', async () => {
    const { h, workspaceId, cleanup, cl } = await example();
    const a1 = await h.call('assessment:finalise', {
      workspaceId,
      title: 'Q2 review',
      finalisedBy: 'Ops Manager',
      checklistId: cl.id,
      checklistVersion: cl.version,
    });
    const snap = await h.call('assessment:get', { workspaceId, id: a1.id });
    expect(snap.summary).toMatchObject({
      title: 'Q2 review',
      finalisedBy: 'Ops Manager',
      checklistId: cl.id,
      checklistVersion: cl.version,
    });
    const agentBefore = snap.agents.find((a) => a.agentId === cleanup.id)!;
    const full = await h.call('assessment:get', { workspaceId, id: a1.id, agentId: cleanup.id });
    expect(full.agent!.controls.find((c) => c.controlId === 'LOG-1')!.source).toBe('unanswered');

    // Continue working: answer a control, add evidence.
    await h.call('answer:set', {
      workspaceId,
      agentId: cleanup.id,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Priya',
      answers: [{ controlId: 'LOG-1', value: 'yes' }],
    });
    await h.call('evidence:add', {
      workspaceId,
      agentId: cleanup.id,
      controlId: 'LOG-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: { kind: 'note', label: 'Sampled a log line', evidenceDate: '2026-05-30', recordedBy: 'Priya' },
    });
    const current = await h.call('score:agent', { workspaceId, agentId: cleanup.id });
    expect(current.score.score).toBeGreaterThan(agentBefore.score);
    const draft = await h.call('assessment:current', { workspaceId, agentId: cleanup.id });
    expect(draft.agent!.score).toBe(current.score.score);
    expect(draft.agents.find((a) => a.agentId === cleanup.id)!.score).toBe(current.score.score);

    const again = await h.call('assessment:get', { workspaceId, id: a1.id });
    expect(again).toEqual(snap);
    expect(await h.call('assessment:get', { workspaceId, id: a1.id, agentId: cleanup.id })).toEqual(full);

    const ws = h.ctx.workspace(workspaceId);
    const raw = ws.db.prepare('SELECT results, inputs FROM assessments WHERE id = ?').get(a1.id) as { results: string; inputs: string };
    expect(raw.results.startsWith('gz1:')).toBe(true);
    expect(raw.results.length).toBeLessThan(JSON.stringify(getAssessmentResults(ws.db, a1.id)).length / 4);
    expect(() => ws.db.prepare('UPDATE assessments SET title = ? WHERE id = ?').run('edited', a1.id)).toThrow(/cannot be changed/);
    expect(() => ws.db.prepare('DELETE FROM assessments WHERE id = ?').run(a1.id)).toThrow(/cannot be deleted/);

    const cmp = await h.call('assessment:compare', { workspaceId, from: a1.id, to: 'current' });
    const agentCmp = cmp.agents.find((a) => a.agentId === cleanup.id)!;
    expect(agentCmp.direction).toBe('improved');
    expect(agentCmp.changes.find((c) => c.controlId === 'LOG-1')!.why).toContain('Answer changed from unanswered to yes.');
  });
});

describe('checklist version pinning', () => {
  it('pins assessments to the checklist version they used and refuses answers against a stale version', async () => {
    const { h, workspaceId, cleanup, cl } = await example();
    const a1 = await h.call('assessment:finalise', {
      workspaceId,
      title: 'Before v1.1',
      finalisedBy: 'Ops',
      checklistId: cl.id,
      checklistVersion: cl.version,
    });
    const v11 = BUILTIN_CHECKLIST_YAML.replace('version: "1.0.0"', 'version: "1.1.0"').replace(
      'title: Incident reporting path',
      'title: Incident reporting path (revised)',
    );
    const loaded = await h.call('checklist:load', { workspaceId, yaml: v11, loadedBy: 'Ops' });
    expect(loaded).toMatchObject({ version: '1.1.0', active: true, source: 'user' });

    const stale = await h.fail('answer:set', {
      workspaceId,
      agentId: cleanup.id,
      checklistId: cl.id,
      checklistVersion: '1.0.0',
      answeredBy: 'Ops',
      answers: [{ controlId: 'LOG-1', value: 'yes' }],
    });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain('nothing was saved');
    const staleFinal = await h.fail('assessment:finalise', {
      workspaceId,
      title: 'x',
      finalisedBy: 'Ops',
      checklistId: cl.id,
      checklistVersion: '1.0.0',
    });
    expect(staleFinal.code).toBe('CONFLICT');

    const a2 = await h.call('assessment:finalise', {
      workspaceId,
      title: 'After v1.1',
      finalisedBy: 'Ops',
      checklistId: cl.id,
      checklistVersion: '1.1.0',
    });
    const list = await h.call('assessment:list', { workspaceId });
    expect(list.map((a) => [a.title, a.checklistVersion])).toEqual([
      ['After v1.1', '1.1.0'],
      ['Before v1.1', '1.0.0'],
    ]);
    expect((await h.call('assessment:get', { workspaceId, id: a1.id })).checklist.version).toBe('1.0.0');
    expect((await h.call('assessment:get', { workspaceId, id: a2.id })).checklist.version).toBe('1.1.0');

    const older = await h.fail('checklist:load', {
      workspaceId,
      yaml: BUILTIN_CHECKLIST_YAML.replace('version: "1.0.0"', 'version: "0.9.0"'),
      loadedBy: 'Ops',
    });
    expect(older.code).toBe('CONFLICT');
    const same = await h.fail('checklist:load', { workspaceId, yaml: v11, loadedBy: 'Ops' });
    expect(same.message).toContain('already loaded');
  });
});

describe('built-in checklist updates', () => {
  it('a built-in version missing from the workspace (an app update) is added and offered without changing the active one', async () => {
    const { h, workspaceId } = await example();
    const mine = BUILTIN_CHECKLIST_YAML.replace('id: agent-readiness-default', 'id: our-own-list').replace(
      'version: "1.0.0"',
      'version: "3.0.0"',
    );
    await h.call('checklist:load', { workspaceId, yaml: mine, loadedBy: 'Ops' });
    const ws = h.ctx.workspace(workspaceId);
    ws.db.prepare("DELETE FROM checklists WHERE source = 'builtin'").run(); // as if this app version shipped it after the workspace was made
    const list = await h.call('checklist:list', { workspaceId });
    expect(list.map((c) => [c.id, c.version, c.source, c.active])).toEqual([
      ['agent-readiness-default', '1.0.0', 'builtin', false],
      ['our-own-list', '3.0.0', 'user', true],
    ]);
  });
});
