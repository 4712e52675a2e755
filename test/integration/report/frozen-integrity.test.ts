import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFrozenAssessments } from '../../../electron/services/assessment-snapshot';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Issue 11, section 3, the other half of frozen.test.ts: what the frozen record does when it is
 * tampered with behind the app, what an assessment from before snapshots says, and file checks.
 */
let h: Harness;
let workspaceId: string;
let assessmentId: string;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

beforeAll(async () => {
  const r = await withWorkspace(true, { now: () => new Date('2026-06-01T09:00:00Z') });
  h = r.h;
  workspaceId = r.workspaceId;
  const cl = (await h.call('checklist:get', { workspaceId })).summary;
  assessmentId = (
    await h.call('assessment:finalise', { workspaceId, title: 'Q2', finalisedBy: 'Ana', checklistId: cl.id, checklistVersion: cl.version })
  ).id;
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('the frozen record holds', () => {
  it('evidence files are hashed: a changed or missing stored copy is named in the report', async () => {
    const cl = (await h.call('checklist:get', { workspaceId })).summary;
    const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
    const e = await h.call('evidence:add', {
      workspaceId,
      agentId: agent.id,
      controlId: 'REC-1',
      checklistId: cl.id,
      checklistVersion: cl.version,
      evidence: {
        kind: 'file',
        fileName: 'restore.txt',
        fileBase64: b64('restore took 12 min'),
        evidenceDate: '2026-05-02',
        recordedBy: 'Ana',
      },
    });
    const ws = h.ctx.workspace(workspaceId);
    const stored = ws.db.prepare('SELECT stored_name FROM evidence WHERE id = ?').get(e.id) as { stored_name: string };
    const checkOf = async () => {
      const r = await h.call('report:export', { workspaceId, assessmentId: null, format: 'json' });
      const m = JSON.parse(Buffer.from(r.contentBase64, 'base64').toString('utf8'));
      return m.evidenceFiles.find((x: { id: string }) => x.id === e.id)?.check as string;
    };
    expect(await checkOf()).toBe('intact');
    writeFileSync(join(ws.dir, 'evidence', stored.stored_name), 'restore took 3 hours');
    expect(await checkOf()).toBe('altered');
    rmSync(join(ws.dir, 'evidence', stored.stored_name));
    expect(await checkOf()).toBe('missing');
  });

  it('the snapshot table refuses UPDATE and DELETE', () => {
    const db = h.ctx.workspace(workspaceId).db;
    expect(() =>
      db.prepare('UPDATE assessment_snapshots SET sha256 = ? WHERE assessment_id = ?').run('0'.repeat(64), assessmentId),
    ).toThrow(/cannot be changed/);
    expect(() => db.prepare('DELETE FROM assessment_snapshots WHERE assessment_id = ?').run(assessmentId)).toThrow(/cannot be deleted/);
  });

  it('a snapshot or score row changed behind the app is refused, never reported as frozen', async () => {
    const cl = (await h.call('checklist:get', { workspaceId })).summary;
    const ref = { checklistId: cl.id, checklistVersion: cl.version };
    const db = h.ctx.workspace(workspaceId).db;
    const q3 = await h.call('assessment:finalise', { workspaceId, title: 'Q3 review', finalisedBy: 'Ana', ...ref });
    const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
    await h.call('answer:set', {
      workspaceId,
      agentId: agent.id,
      ...ref,
      answeredBy: 'Ana',
      answers: [{ controlId: 'OWN-3', value: 'partial' }],
    });
    const q4 = await h.call('assessment:finalise', { workspaceId, title: 'Q4 review', finalisedBy: 'Ana', ...ref });
    db.exec('DROP TRIGGER assessment_snapshots_immutable_update; DROP TRIGGER assessments_immutable_update');
    const row = db.prepare('SELECT body FROM assessment_snapshots WHERE assessment_id = ?').get(q3.id) as { body: string };
    const json = gunzipSync(Buffer.from(row.body.slice(4), 'base64'))
      .toString('utf8')
      .replace('Billing Reconciler', 'Someone Else');
    db.prepare('UPDATE assessment_snapshots SET body = ? WHERE assessment_id = ?').run(`gz1:${gzipSync(json).toString('base64')}`, q3.id);
    const e1 = await h.fail('report:export', { workspaceId, assessmentId: q3.id, format: 'json' });
    expect(e1.code).toBe('CONFLICT');
    expect(e1.message).toMatch(/frozen snapshot of assessment .* fails its SHA-256 check/);
    // Swap Q3's scores into Q4's row.
    const other = db.prepare('SELECT results FROM assessments WHERE id = ?').get(q3.id) as { results: string };
    db.prepare('UPDATE assessments SET results = ? WHERE id = ?').run(other.results, q4.id);
    const e2 = await h.fail('report:export', { workspaceId, assessmentId: q4.id, format: 'md' });
    expect(e2.message).toMatch(/frozen scores of assessment .* fails its SHA-256 check/);
    // A renamed assessment row no longer matches the heading it was frozen with.
    const q5 = await h.call('assessment:finalise', { workspaceId, title: 'Q5 review', finalisedBy: 'Ana', ...ref });
    db.prepare('UPDATE assessments SET title = ? WHERE id = ?').run('Q5 review (clean)', q5.id);
    const e3 = await h.fail('report:export', { workspaceId, assessmentId: q5.id, format: 'html' });
    expect(e3.message).toMatch(/frozen summary of assessment .* fails its SHA-256 check/);
  });

  it('two snapshots swapped between assessments are caught, and the check names each', async () => {
    const cl = (await h.call('checklist:get', { workspaceId })).summary;
    const ref = { checklistId: cl.id, checklistVersion: cl.version };
    const a = await h.call('assessment:finalise', { workspaceId, title: 'Swap A', finalisedBy: 'Ana', ...ref });
    const b = await h.call('assessment:finalise', { workspaceId, title: 'Swap B', finalisedBy: 'Ana', ...ref });
    const ws = h.ctx.workspace(workspaceId);
    ws.db.exec('DROP TRIGGER IF EXISTS assessment_snapshots_immutable_update');
    const row = (id: string) =>
      ws.db.prepare('SELECT body, sha256 FROM assessment_snapshots WHERE assessment_id = ?').get(id) as { body: string; sha256: string };
    const [ra, rb] = [row(a.id), row(b.id)];
    const put = ws.db.prepare('UPDATE assessment_snapshots SET body = ?, sha256 = ? WHERE assessment_id = ?');
    put.run(rb.body, rb.sha256, a.id);
    put.run(ra.body, ra.sha256, b.id);
    const e = await h.fail('report:export', { workspaceId, assessmentId: a.id, format: 'json' });
    expect(e.message).toContain(`belongs to assessment ${b.id}`);
    const checks = checkFrozenAssessments(ws, [assessmentId, a.id, b.id]);
    expect(checks.map((c) => c.status)).toEqual(['frozen', 'tampered', 'tampered']);
    expect(checks[1]!.problem).toMatch(/swapped/);
  });

  it('an assessment finalised before snapshots existed says it was reconstructed from live data', async () => {
    const cl = (await h.call('checklist:get', { workspaceId })).summary;
    const legacy = await h.call('assessment:finalise', {
      workspaceId,
      title: 'Old review',
      finalisedBy: 'Ana',
      checklistId: cl.id,
      checklistVersion: cl.version,
    });
    const db = h.ctx.workspace(workspaceId).db;
    // What a database upgraded from schema 5 holds: the assessment row, no snapshot row.
    db.exec('DROP TRIGGER assessment_snapshots_immutable_delete');
    db.prepare('DELETE FROM assessment_snapshots WHERE assessment_id = ?').run(legacy.id);
    for (const format of ['md', 'html', 'json'] as const) {
      const r = await h.call('report:export', { workspaceId, assessmentId: legacy.id, format });
      expect(Buffer.from(r.contentBase64, 'base64').toString('utf8'), format).toContain('Reconstructed from live data');
    }
  });
});
