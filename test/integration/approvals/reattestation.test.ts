import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { BUILTIN_CHECKLIST_YAML } from '../../../core/checklist/builtin';
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

type Yaml = { id: string; version: string; controls: { id: string; question: string; weight: number }[] };
/** The built-in checklist as a new version (or another id), with `edit` applied to its controls. */
function variant(version: string, edit: (cl: Yaml) => void = () => undefined): string {
  const cl = parse(BUILTIN_CHECKLIST_YAML) as Yaml;
  cl.version = version;
  edit(cl);
  return stringify(cl);
}

async function setup() {
  const w = await withWorkspace(true, { now, actor: { name: 'Ana Attester', email: 'ana@example.test', source: 'profile' } });
  h = w.h;
  const { workspaceId } = w;
  const agentId = (await h.call('inventory:overview', { workspaceId })).agents[0]!.id;
  const cl = (await h.call('checklist:get', { workspaceId })).checklist;
  // Two manual controls answered "yes" against version 1.0.0, one with evidence.
  const manual = cl.controls.filter((c) => !c.rule).map((c) => c.id);
  const [keep, change] = [manual[0]!, manual[1]!];
  await h.call('answer:set', {
    workspaceId,
    agentId,
    checklistId: cl.id,
    checklistVersion: cl.version,
    answeredBy: 'Someone Typed',
    answers: [keep, change].map((controlId) => ({ controlId, value: 'yes' as const, naReason: '', note: '' })),
  });
  await h.call('evidence:add', {
    workspaceId,
    agentId,
    controlId: change,
    checklistId: cl.id,
    checklistVersion: cl.version,
    evidence: { kind: 'note', label: 'Runbook reviewed', evidenceDate: '2026-05-20', recordedBy: 'Ana' },
  });
  const load = (yaml: string) => h!.call('checklist:load', { workspaceId, yaml, loadedBy: 'Ana', activate: true });
  const agentView = () => h!.call('score:agent', { workspaceId, agentId });
  const control = async (id: string) => (await agentView()).score.controls.find((c) => c.controlId === id)!;
  return { workspaceId, agentId, keep, change, load, agentView, control };
}

describe('answers carry over only when the control is unchanged', () => {
  it('records the acting user as attester, whatever name the form carried, and shows it in the notes', async () => {
    const { keep, agentView, control } = await setup();
    const view = await agentView();
    expect(view.answers.find((a) => a.controlId === keep)!.answeredBy).toBe('Ana Attester');
    expect((await control(keep)).notes).toContain('Answered "yes" by Ana Attester on 2026-06-01.');
  });

  it('unchanged control in a new version: carried; question text changed: needs re-attestation with the old answer and evidence', async () => {
    const { keep, change, load, agentView, control } = await setup();
    await load(
      variant('1.1.0', (cl) => {
        cl.controls.find((c) => c.id === change)!.question = 'A reworded, stricter question?';
      }),
    );
    const view = await agentView();
    expect(view.checklist.version).toBe('1.1.0');
    expect(view.answers.map((a) => a.controlId)).toEqual([keep]);
    expect(view.reattest).toEqual([
      expect.objectContaining({
        controlId: change,
        value: 'yes',
        checklistVersion: '1.0.0',
        reason: expect.stringMatching(/changed in version 1.1.0/),
      }),
    ]);
    expect(view.evidence.filter((e) => e.controlId === change).map((e) => e.label)).toEqual(['Runbook reviewed']);
    expect((await control(keep)).answered).toBe('yes');
    const changed = await control(change);
    expect(changed.answered).toBeNull();
    expect(changed.source).toBe('unanswered');
  });

  it('weight changed: needs re-attestation', async () => {
    const { keep, change, load, agentView } = await setup();
    await load(
      variant('1.1.0', (cl) => {
        const c = cl.controls.find((x) => x.id === keep)!;
        c.weight = c.weight === 1 ? 2 : 1;
      }),
    );
    const view = await agentView();
    expect(view.reattest.map((r) => r.controlId)).toEqual([keep]);
    expect(view.answers.map((a) => a.controlId)).toEqual([change]);
  });

  it('a different checklist id: nothing carried, not even for reference', async () => {
    const { keep, change, load, agentView, control } = await setup();
    await load(
      variant('1.0.0', (cl) => {
        cl.id = 'vendor-checklist';
      }),
    );
    const view = await agentView();
    expect(view.checklist.id).toBe('vendor-checklist');
    expect(view.answers).toEqual([]);
    expect(view.reattest).toEqual([]);
    expect((await control(keep)).answered).toBeNull();
    expect((await control(change)).answered).toBeNull();
  });

  it('answering again under the new version clears the re-attestation', async () => {
    const { workspaceId, agentId, change, load, agentView } = await setup();
    await load(
      variant('1.1.0', (cl) => {
        cl.controls.find((c) => c.id === change)!.question = 'Reworded?';
      }),
    );
    await h!.call('answer:set', {
      workspaceId,
      agentId,
      checklistId: 'agent-readiness-default',
      checklistVersion: '1.1.0',
      answers: [{ controlId: change, value: 'partial', naReason: '', note: '' }],
    });
    const view = await agentView();
    expect(view.reattest).toEqual([]);
    expect(view.answers.find((a) => a.controlId === change)).toMatchObject({ value: 'partial', checklistVersion: '1.1.0' });
  });
});
