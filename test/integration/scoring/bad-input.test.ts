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
const now = () => new Date('2026-06-01T10:00:00Z');

async function setup() {
  const w = await withWorkspace(true, { now });
  h = w.h;
  const overview = await w.h.call('inventory:overview', { workspaceId: w.workspaceId });
  const agentId = overview.agents[0]!.id;
  const cl = (await w.h.call('checklist:get', { workspaceId: w.workspaceId })).checklist;
  const state = async () => {
    const ws = w.h.ctx.workspace(w.workspaceId);
    return {
      answers: ws.db.prepare('SELECT * FROM answers ORDER BY agent_id, control_id').all(),
      evidence: ws.db.prepare('SELECT * FROM evidence').all(),
      risks: ws.db.prepare('SELECT * FROM accepted_risks').all(),
      checklists: ws.db.prepare('SELECT id, version FROM checklists').all(),
    };
  };
  return { ...w, agentId, cl, state };
}

describe('bad input changes nothing', () => {
  it('refuses a batch with one unknown control id and saves none of it', async () => {
    const { h, workspaceId, agentId, cl, state } = await setup();
    await h.call('answer:set', {
      workspaceId,
      agentId,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Ops',
      answers: [{ controlId: 'LOG-2', value: 'no' }],
    });
    const before = await state();
    const err = await h.fail('answer:set', {
      workspaceId,
      agentId,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Ops',
      answers: [
        { controlId: 'LOG-1', value: 'yes' },
        { controlId: 'LOG-99', value: 'yes' },
      ],
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.issues).toEqual([{ path: 'answers.1.controlId', message: expect.stringContaining('Unknown control "LOG-99"') }]);
    expect(await state()).toEqual(before);
  });

  it('refuses n/a without a reason and invalid values, with field paths', async () => {
    const { h, workspaceId, agentId, cl, state } = await setup();
    const before = await state();
    const na = await h.fail('answer:set', {
      workspaceId,
      agentId,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Ops',
      answers: [
        { controlId: 'LOG-1', value: 'yes' },
        { controlId: 'LOG-2', value: 'na', naReason: '   ' },
      ],
    });
    expect(na.issues).toEqual([{ path: 'answers.1.naReason', message: 'Say why this control does not apply' }]);
    const bad = await h.fail('answer:set', {
      workspaceId,
      agentId,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Ops',
      answers: [{ controlId: 'LOG-1', value: 'maybe' }],
    });
    expect(bad.issues![0]).toMatchObject({ path: 'answers.0.value', message: 'Choose yes, partial, no or n/a' });
    expect(await state()).toEqual(before);
  });

  it('refuses an invalid checklist file with line and field, and stores nothing', async () => {
    const { h, workspaceId, state } = await setup();
    const before = await state();
    const err = await h.fail('checklist:load', {
      workspaceId,
      loadedBy: 'Ops',
      yaml: 'id: mine\nversion: "1.0.0"\ntitle: Mine\nareas: []\ncontrols:\n  - id: ENV-1\n    weight: 9\n',
    });
    expect(err.code).toBe('VALIDATION');
    expect(err.issues!.some((i) => i.path === 'yaml' && /^Line 7, controls\.0\.weight: Use 1, 2 or 3$/.test(i.message))).toBe(true);
    expect(await state()).toEqual(before);
  });

  it('refuses evidence with a future date or a bad link, and risk acceptance without a future expiry', async () => {
    const { h, workspaceId, agentId, cl, state } = await setup();
    const before = await state();
    const future = await h.fail('evidence:add', {
      workspaceId,
      agentId,
      controlId: 'LOG-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: { kind: 'note', label: 'x', evidenceDate: '2026-06-02', recordedBy: 'Ops' },
    });
    expect(future.issues).toEqual([{ path: 'evidence.evidenceDate', message: 'The evidence date cannot be in the future' }]);
    const link = await h.fail('evidence:add', {
      workspaceId,
      agentId,
      controlId: 'LOG-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: { kind: 'link', url: 'javascript:alert(1)', evidenceDate: '2026-05-01', recordedBy: 'Ops' },
    });
    expect(link.issues![0]!.path).toBe('evidence.url');
    const score = await h.call('score:agent', { workspaceId, agentId });
    const key = score.score.controls.flatMap((c) => c.findings)[0]?.key ?? 'none';
    const risk = await h.fail('risk:accept', {
      workspaceId,
      agentId,
      findingKey: key,
      owner: 'CISO',
      reason: 'Known',
      expiresOn: '2026-06-01',
      acceptedBy: 'Ops',
      approvedBy: 'CISO',
    });
    expect(risk.issues![0]!.path).toBe('expiresOn');
    expect(await state()).toEqual(before);
  });

  it('copies an evidence file into the workspace folder with its date and recorder', async () => {
    const { h, workspaceId, agentId, cl } = await setup();
    const e = await h.call('evidence:add', {
      workspaceId,
      agentId,
      controlId: 'REC-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: {
        kind: 'file',
        fileName: '../restore test.txt',
        fileBase64: Buffer.from('restored in 12 min').toString('base64'),
        evidenceDate: '2026-05-20',
        recordedBy: 'Marcus',
      },
    });
    expect(e).toMatchObject({
      kind: 'file',
      fileName: '../restore test.txt',
      fileSize: 18,
      evidenceDate: '2026-05-20',
      recordedBy: 'Marcus',
    });
    const ws = h.ctx.workspace(workspaceId);
    const row = ws.db.prepare('SELECT stored_name, file_sha256 FROM evidence WHERE id = ?').get(e.id) as {
      stored_name: string;
      file_sha256: string;
    };
    expect(row.stored_name).toMatch(/^[0-9a-f-]+-restore_test\.txt$/);
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    expect(readFileSync(join(ws.dir, 'evidence', row.stored_name), 'utf8')).toBe('restored in 12 min');
    const back = await h.call('evidence:file', { workspaceId, id: e.id });
    expect(back).toMatchObject({ fileName: '../restore test.txt', size: 18, intact: true });
    expect(Buffer.from(back.base64, 'base64').toString()).toBe('restored in 12 min');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(ws.dir, 'evidence', row.stored_name), 'restored in 99 min');
    expect((await h.call('evidence:file', { workspaceId, id: e.id })).intact).toBe(false);
  });

  it('accepts a finding as a documented risk: it stops capping the verdict', async () => {
    const { h, workspaceId } = await setup();
    const overview = await h.call('inventory:overview', { workspaceId });
    const cleanup = overview.agents.find((a) => a.name === 'Account Cleanup Agent')!;
    const s = await h.call('score:agent', { workspaceId, agentId: cleanup.id });
    const f = s.score.controls.find((c) => c.controlId === 'APR-2')!.findings[0]!;
    await h.call('risk:accept', {
      workspaceId,
      agentId: cleanup.id,
      findingKey: f.key,
      owner: 'CISO',
      reason: 'Gate ships next sprint',
      expiresOn: '2026-07-01',
      acceptedBy: 'Ops',
      approvedBy: 'CISO',
    });
    const after = await h.call('score:agent', { workspaceId, agentId: cleanup.id });
    const apr2 = after.score.controls.find((c) => c.controlId === 'APR-2')!;
    expect(apr2.findings[0]!.status).toBe('accepted');
    expect(apr2.effective).toBe('partial');
    expect(after.score.capReasons.some((r) => r.startsWith('APR-2'))).toBe(false);
    expect(after.acceptedRisks[0]).toMatchObject({ owner: 'CISO', expiresOn: '2026-07-01' });
  });
});
