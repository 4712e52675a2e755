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

describe('the attester of an answer reaches the report', () => {
  it('names the acting user, not the name typed on the form, next to the answer in the report', async () => {
    const w = await withWorkspace(false, {
      now: () => new Date('2026-06-01T10:00:00Z'),
      actor: { name: 'Ana Attester', source: 'profile' },
    });
    h = w.h;
    const { workspaceId } = w;
    const agent = await h.call('agent:create', { workspaceId, agent: { name: 'Solo agent', purpose: 'p' } });
    const cl = (await h.call('checklist:get', { workspaceId })).checklist;
    await h.call('answer:set', {
      workspaceId,
      agentId: agent.id,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Typed Impostor',
      answers: cl.controls.filter((c) => !c.rule).map((c) => ({ controlId: c.id, value: 'no' as const, naReason: '', note: '' })),
    });
    const { html } = await h.call('report:preview', { workspaceId });
    expect(html).toContain('by Ana Attester on 2026-06-01');
    expect(html).not.toContain('Typed Impostor');
  });
});
