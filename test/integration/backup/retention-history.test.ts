import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, removeDir, withWorkspace, type Harness } from '../helpers';

// Issue 11, section 8: a removed evidence file the change history cites is kept, never silently:
// its reason and space are shown, and a person can release it with a reason, recorded in the history.
const opened: Harness[] = [];
afterEach(() => {
  for (const h of opened.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
});

let tick = Date.parse('2026-06-01T10:00:00Z');
const now = () => new Date((tick += 1000));
const TEXT = 'export of the audit log, 2026-05\n';

async function withRemovedEvidence(opts: { backupFirst?: boolean } = {}) {
  const w = await withWorkspace(true, { now });
  opened.push(w.h);
  const { h, workspaceId } = w;
  const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
  const cl = (await h.call('checklist:get', { workspaceId })).checklist;
  const added = await h.call('evidence:add', {
    workspaceId,
    agentId: agent.id,
    controlId: 'LOG-1',
    checklistId: cl.id,
    checklistVersion: cl.version,
    evidence: {
      kind: 'file',
      fileName: 'audit-log.txt',
      fileBase64: Buffer.from(TEXT).toString('base64'),
      evidenceDate: '2026-05-30',
      recordedBy: 'Priya',
    },
  });
  const backup = opts.backupFirst ? await h.call('backup:create', { workspaceId }) : null;
  await h.call('evidence:remove', { workspaceId, id: added.id });
  const ws = h.ctx.workspace(workspaceId);
  const removal = (
    await h.call('history:list', { workspaceId, filter: { entity: 'evidence', entityId: added.id }, limit: 500 })
  ).entries.find((e) => e.action === 'delete')!;
  return { h, workspaceId, ws, agent, cl, evidenceId: added.id, backup, removal };
}

const retainedDir = (dir: string) => join(dir, 'retained');
const historyCount = async (h: Harness, workspaceId: string) => (await h.call('history:verify', { workspaceId })).count;

describe('a removed evidence file the change history cites', () => {
  it('is kept in retained/ with the history entry named, its space shown, and it survives a restart', async () => {
    const { h, workspaceId, ws, evidenceId, removal } = await withRemovedEvidence();
    expect(removal.action).toBe('delete');
    const [name] = readdirSync(retainedDir(ws.dir));
    expect(name!.startsWith(evidenceId)).toBe(true);
    const kept = await h.call('backup:retained', { workspaceId });
    expect(kept).toMatchObject({ files: 1, bytes: TEXT.length, pruned: 0 });
    expect(kept.items).toEqual([
      { name, bytes: TEXT.length, reasons: [`cited by the change history: entry #${removal.seq}`], releasable: true },
    ]);

    const again = h.restart();
    opened.splice(opened.indexOf(h), 1, again);
    const after = await again.call('backup:retained', { workspaceId });
    expect(after.items[0]!.reasons).toEqual([`cited by the change history: entry #${removal.seq}`]);
  });

  it('is released with a reason: the file is gone, the release is its own entry, and verify stays intact', async () => {
    const { h, workspaceId, ws } = await withRemovedEvidence();
    const [name] = readdirSync(retainedDir(ws.dir));
    const sha = createHash('sha256')
      .update(readFileSync(join(retainedDir(ws.dir), name!)))
      .digest('hex');
    const before = await historyCount(h, workspaceId);

    const r = await h.call('backup:releaseRetained', {
      workspaceId,
      name: name!,
      reason: '  Superseded by the June export; retention period over  ',
    });
    expect(r).toEqual({ released: true, name, bytes: TEXT.length, entry: before + 1 });
    expect(existsSync(join(retainedDir(ws.dir), name!))).toBe(false);
    expect(await h.call('backup:retained', { workspaceId })).toMatchObject({ files: 0, bytes: 0, items: [], pruned: 0 });

    const entries = (await h.call('history:list', { workspaceId, filter: { entity: 'retained-file' }, limit: 500 })).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      seq: before + 1,
      operation: 'backup:releaseRetained',
      entity: 'retained-file',
      entityId: name,
      action: 'delete',
      reason: 'Superseded by the June export; retention period over',
      after: null,
    });
    expect(entries[0]!.before).toMatchObject({ name, bytes: TEXT.length, sha256: sha });
    const verified = await h.call('history:verify', { workspaceId });
    expect(verified).toMatchObject({ intact: true, count: before + 1 });

    // Released once: a second release finds nothing, and changes nothing.
    const again = await h.fail('backup:releaseRetained', { workspaceId, name: name!, reason: 'again' });
    expect(again.code).toBe('NOT_FOUND');
    expect(await historyCount(h, workspaceId)).toBe(before + 1);
  });

  it('is not released while a backup still lists it: refused, file and history unchanged', async () => {
    const { h, workspaceId, ws } = await withRemovedEvidence({ backupFirst: true });
    const [name] = readdirSync(retainedDir(ws.dir));
    const kept = await h.call('backup:retained', { workspaceId });
    expect(kept.items[0]!.reasons[0]).toBe('listed by 1 backup');
    expect(kept.items[0]!.releasable).toBe(false);
    const before = await historyCount(h, workspaceId);

    const err = await h.fail('backup:releaseRetained', { workspaceId, name: name!, reason: 'no longer needed' });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toContain('listed by 1 backup');
    expect(existsSync(join(retainedDir(ws.dir), name!))).toBe(true);
    expect(await h.call('history:verify', { workspaceId })).toMatchObject({ intact: true, count: before });
  });

  it('is not released while a finalised assessment cites it', async () => {
    const w = await withWorkspace(true, { now });
    opened.push(w.h);
    const { h, workspaceId } = w;
    const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
    const cl = (await h.call('checklist:get', { workspaceId })).checklist;
    const added = await h.call('evidence:add', {
      workspaceId,
      agentId: agent.id,
      controlId: 'LOG-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: {
        kind: 'file',
        fileName: 'q2.txt',
        fileBase64: Buffer.from('q2').toString('base64'),
        evidenceDate: '2026-05-30',
        recordedBy: 'Priya',
      },
    });
    await h.call('answer:set', {
      workspaceId,
      agentId: agent.id,
      checklistId: cl.id,
      checklistVersion: cl.version,
      answeredBy: 'Priya',
      answers: [{ controlId: 'LOG-1', value: 'yes' }],
    });
    await h.call('assessment:finalise', { workspaceId, title: 'Q2', finalisedBy: 'Ops', checklistId: cl.id, checklistVersion: cl.version });
    await h.call('evidence:remove', { workspaceId, id: added.id });
    const [name] = readdirSync(retainedDir(h.ctx.workspace(workspaceId).dir));
    const err = await h.fail('backup:releaseRetained', { workspaceId, name: name!, reason: 'tidy up' });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toContain('cited by the finalised assessment "Q2"');
  });

  it('refuses bad requests without touching anything', async () => {
    const { h, workspaceId, ws } = await withRemovedEvidence();
    const [name] = readdirSync(retainedDir(ws.dir));
    const before = await historyCount(h, workspaceId);
    const noReason = await h.fail('backup:releaseRetained', { workspaceId, name: name!, reason: '   ' });
    expect(noReason.code).toBe('VALIDATION');
    expect(noReason.issues?.[0]?.path).toBe('reason');
    const path = await h.fail('backup:releaseRetained', { workspaceId, name: `${name!.slice(0, 37)}../../x.sqlite`, reason: 'x' });
    expect(path.code).toBe('VALIDATION');
    expect(path.issues?.[0]?.path).toBe('name');
    const unknown = await h.fail('backup:releaseRetained', { workspaceId, name: `${name!.slice(0, 37)}other.txt`, reason: 'x' });
    expect(unknown.code).toBe('NOT_FOUND');
    expect(existsSync(join(retainedDir(ws.dir), name!))).toBe(true);
    expect(await historyCount(h, workspaceId)).toBe(before);
    const other = makeHarness();
    opened.push(other);
    expect((await other.fail('backup:releaseRetained', { workspaceId: '../etc', name: name!, reason: 'x' })).code).toBe('VALIDATION');
  });
});
