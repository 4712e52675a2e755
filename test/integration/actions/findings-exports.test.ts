import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/database';
import { MIGRATIONS } from '../../../electron/store/migrations/index';
import { listAllCorrectiveActions } from '../../../electron/store/actions/queries';
import { removeDir, withWorkspace, type Harness } from '../helpers';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

let wall = Date.parse('2026-05-01T09:00:00Z');
const DAY = 86_400_000;
const opts = { now: () => new Date(wall), actor: { name: 'Ana', source: 'profile' as const } };
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

const findingsOn = async (h: Harness, workspaceId: string, agentId: string, controlId: string) =>
  (await h.call('score:agent', { workspaceId, agentId })).score.controls
    .find((c) => c.controlId === controlId)!
    .findings.map((f) => f.ruleId);

describe('corrective actions in scoring and exports', () => {
  it('an overdue action on a critical control is a finding; on a non-critical control, or before its due date, it is not', async () => {
    wall = Date.parse('2026-05-01T09:00:00Z');
    const { h, workspaceId } = await withWorkspace(true, opts);
    dirs.push(h.dataDir);
    const agentId = (await h.call('inventory:overview', { workspaceId })).agents[0]!.id;
    const critical = await h.call('actions:create', {
      workspaceId,
      action: { title: 'Enforce the freeze in CI', owner: 'Marcus', dueDate: '2026-05-10', controlIds: ['ENV-3'], agentIds: [agentId] },
      origin: { source: 'assessment', findingKey: `ENV-3:${agentId}:agent:answer` },
    });
    await h.call('actions:create', {
      workspaceId,
      action: { title: 'Write the approval policy', owner: 'Marcus', dueDate: '2026-05-10', controlIds: ['APR-1'], agentIds: [agentId] },
    });
    expect(await findingsOn(h, workspaceId, agentId, 'ENV-3')).not.toContain('overdue-corrective-action');
    wall += 15 * DAY; // past the due date
    expect(await findingsOn(h, workspaceId, agentId, 'ENV-3')).toContain('overdue-corrective-action');
    expect(await findingsOn(h, workspaceId, agentId, 'APR-1')).not.toContain('overdue-corrective-action');
    const score = (await h.call('score:agent', { workspaceId, agentId })).score;
    const env3 = score.controls.find((c) => c.controlId === 'ENV-3')!;
    expect(env3.findings.find((f) => f.ruleId === 'overdue-corrective-action')?.message).toMatch(
      /Overdue corrective action.*Enforce the freeze/,
    );
    await h.call('actions:set-status', { workspaceId, actionId: critical.id, change: { status: 'done' } });
    expect(await findingsOn(h, workspaceId, agentId, 'ENV-3')).not.toContain('overdue-corrective-action');
    h.close();
  });

  it('the actions export lists every status, drill actions included; the report lists overdue and closed ones', async () => {
    wall = Date.parse('2026-05-01T09:00:00Z');
    const { h, workspaceId } = await withWorkspace(true, opts);
    dirs.push(h.dataDir);
    const make = (title: string, dueDate = '2026-06-01') =>
      h.call('actions:create', { workspaceId, action: { title, owner: 'Marcus', dueDate } });
    const set = (actionId: string, change: Parameters<typeof h.call<'actions:set-status'>>[1]['change']) =>
      h.call('actions:set-status', { workspaceId, actionId, change });
    await make('Still open');
    await make('Long overdue', '2026-03-01');
    await set((await make('Being worked')).id, { status: 'in-progress' });
    await set((await make('Finished')).id, { status: 'done' });
    const v = (await make('Checked')).id;
    await set(v, { status: 'done' });
    await set(v, { status: 'verified', verifiedBy: 'Dana' });
    await set((await make('Not worth it')).id, { status: 'wont-fix', reason: 'Agent retired', approver: 'Dana' });
    const csv = Buffer.from(
      (await h.call('export:data', { workspaceId, dataset: 'actions', format: 'csv' })).contentBase64,
      'base64',
    ).toString('utf8');
    for (const s of ['Open', 'In progress', 'Done', 'Verified', "Won't fix"]) expect(csv).toContain(`,${s},`);
    expect(csv).toContain('Agent retired');
    expect(csv.split('\r\n').filter((l) => l.includes('Marcus'))).toHaveLength(6);
    const md = Buffer.from((await h.call('report:export', { workspaceId, format: 'md' })).contentBase64, 'base64').toString('utf8');
    const open = md.slice(md.indexOf('## Open corrective actions'), md.indexOf('## Corrective actions closed'));
    expect(open).toContain('1 overdue');
    expect(open).toMatch(/Long overdue.*OVERDUE/);
    expect(open).toContain('Being worked');
    expect(open).not.toContain('Finished');
    const closed = md.slice(md.indexOf('## Corrective actions closed'), md.indexOf('## Agent scores'));
    for (const t of ['Finished', 'Checked', 'Not worth it']) expect(closed).toContain(t);
    h.close();
  });

  it('migration 009 keeps the corrective actions written by older versions, open and closed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-m009-'));
    dirs.push(dir);
    const file = join(dir, 'old.sqlite');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) });
    old.exec(`
      INSERT INTO drills (id, scenario_id, scenario_title, scenario_origin, scenario_json, time_scale, status, created_at)
        VALUES ('d1', 's', 'Freeze', 'shipped', '{}', 1, 'completed', '2026-01-01T00:00:00Z');
      INSERT INTO drill_aars (drill_id, created_at, updated_at) VALUES ('d1', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z');
      INSERT INTO drill_corrective_actions (id, drill_id, position, title, owner, due_date, control_ids_json, agent_id, status, created_at, updated_at)
        VALUES ('a1', 'd1', 0, 'Gate deletes', 'Marcus', '2026-02-01', '["APR-2"]', 'agent-1', 'open', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z');
      INSERT INTO drill_corrective_actions (id, drill_id, position, title, owner, due_date, status, closed_at, closed_by, closing_note, created_at, updated_at)
        VALUES ('a2', 'd1', 1, 'Page the DBA', 'Ana', '2026-02-01', 'closed', '2026-01-20T00:00:00Z', 'Ana', 'done', '2026-01-02T00:00:00Z', '2026-01-20T00:00:00Z');
    `);
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(listAllCorrectiveActions(db).map((a) => [a.id, a.source, a.drillId, a.status, a.agentIds, a.controlIds, a.doneBy])).toEqual([
      ['a1', 'drill', 'd1', 'open', ['agent-1'], ['APR-2'], null],
      ['a2', 'drill', 'd1', 'done', [], [], 'Ana'],
    ]);
    // The old table keeps its rows as they were, and refuses writes: the tracker's table is the one in use.
    expect(db.prepare('SELECT id, status FROM drill_corrective_actions ORDER BY id').all()).toEqual([
      { id: 'a1', status: 'open' },
      { id: 'a2', status: 'closed' },
    ]);
    expect(() => db.prepare("UPDATE drill_corrective_actions SET status = 'closed' WHERE id = 'a1'").run()).toThrow(
      /corrective_actions since/,
    );
    db.close();
  });
});
