import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/** Reports and exports over a workspace with everything: assessments, a completed drill with a signed-off AAR, open actions. */
const MIN = 60_000;
const clock = { mono: 1000, wall: Date.parse('2026-05-01T09:00:00Z') };
const advance = (ms: number) => {
  clock.mono += ms;
  clock.wall += ms;
};
let h: Harness;
let workspaceId: string;
let assessmentIds: string[] = [];

beforeAll(async () => {
  const r = await withWorkspace(true, { monotonicMs: () => clock.mono, now: () => new Date(clock.wall) });
  h = r.h;
  workspaceId = r.workspaceId;
  const inv = await h.call('inventory:overview', { workspaceId });
  const agent = inv.agents.find((a) => a.name === 'DB Maintenance Agent')!;
  const cl = (await h.call('checklist:get', { workspaceId })).summary;
  const ref = { checklistId: cl.id, checklistVersion: cl.version };
  const a1 = await h.call('assessment:finalise', { workspaceId, title: 'Q1 review', finalisedBy: 'Ana', ...ref });
  advance(24 * 60 * MIN);
  const view = await h.call('drills:create', {
    workspaceId,
    scenarioId: 'd1-prod-db-dropped-during-freeze',
    agentIds: [agent.id],
    participants: [{ name: 'Ana', role: 'facilitator' }],
    timeScale: 10,
  });
  const drillId = view.drill.id;
  const append = (event: object) => h.call('drills:append', { workspaceId, drillId, event: event as never });
  await append({ type: 'start', payload: {} });
  advance(18_000);
  await h.call('drills:tick', { workspaceId, drillId });
  await append({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
  advance(30_000);
  await append({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
  await append({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
  await append({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
  advance(60_000);
  await append({
    type: 'checkpoint',
    payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: true, systemOfRecord: 'ledger', dataLossMinutes: 5 },
  });
  await h.call('drills:complete', { workspaceId, drillId });
  await h.call('drills:aar-save', {
    workspaceId,
    drillId,
    aar: {
      summary: 'The agent was halted quickly; the restore runbook was missing.',
      strengths: ['Halted the agent fast'],
      improvements: ['Nobody knew the restore runbook'],
      correctiveActions: [
        { title: 'Enforce the freeze in the platform', owner: 'Marcus Chen', dueDate: '2026-06-01', controlIds: ['ENV-3'] },
      ],
    },
  });
  await h.call('drills:aar-signoff', { workspaceId, drillId, signedOffBy: 'Ana' });
  advance(24 * 60 * MIN);
  const a2 = await h.call('assessment:finalise', { workspaceId, title: 'Q2 review', finalisedBy: 'Ana', ...ref });
  assessmentIds = [a1.id, a2.id];
}, 120_000);
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('report over assessments and drills', () => {
  it('uses the finalised assessment, shows the trend, drill measures, AARs and open corrective actions', async () => {
    const r = await h.call('report:export', { workspaceId, assessmentId: assessmentIds[1]!, format: 'json' });
    const m = JSON.parse(Buffer.from(r.contentBase64, 'base64').toString('utf8'));
    expect(m.isDraft).toBe(false);
    expect(m.sourceText).toContain('Q2 review');
    expect(m.trend.map((p: { label: string }) => p.label)).toEqual(['Q1 review', 'Q2 review']);
    expect(m.drills).toHaveLength(1);
    expect(m.drills[0]).toMatchObject({ ttd: '3 min 00 s', agents: ['DB Maintenance Agent'] });
    expect(m.openActions).toEqual([
      expect.objectContaining({ title: 'Enforce the freeze in the platform', owner: 'Marcus Chen', dueDate: '2026-06-01' }),
    ]);
    expect(m.aars[0].aar.toImprove).toEqual(['Nobody knew the restore runbook']);
    expect(m.frameworks.length).toBeGreaterThan(0);
    expect(m.scorecards.find((s: { agentName: string }) => s.agentName === 'DB Maintenance Agent').findings.length).toBeGreaterThan(0);
    // An earlier assessment's report only trends up to itself.
    const first = JSON.parse(
      Buffer.from(
        (await h.call('report:export', { workspaceId, assessmentId: assessmentIds[0]!, format: 'json' })).contentBase64,
        'base64',
      ).toString('utf8'),
    );
    expect(first.trend.map((p: { label: string }) => p.label)).toEqual(['Q1 review']);
    const md = Buffer.from(
      (await h.call('report:export', { workspaceId, assessmentId: assessmentIds[1]!, format: 'md' })).contentBase64,
      'base64',
    ).toString('utf8');
    expect(md).toContain('Enforce the freeze in the platform');
  });

  it('exports drill logs and corrective actions as data', async () => {
    const x = await h.call('export:data', { workspaceId, dataset: 'drills', format: 'csv' });
    const csv = Buffer.from(x.contentBase64, 'base64').toString('utf8');
    expect(csv).toMatch(/Time to detect \(s\)/);
    expect(csv).toMatch(/,180,/);
    const ev = Buffer.from(
      (await h.call('export:data', { workspaceId, dataset: 'drill-events', format: 'csv' })).contentBase64,
      'base64',
    ).toString('utf8');
    expect(ev).toMatch(/Offset from start \(s\)/);
    expect(ev).toMatch(/checkpoint,recovered; verified against ledger; data loss 5 min/);
    const f = Buffer.from(
      (await h.call('export:data', { workspaceId, dataset: 'findings', format: 'csv' })).contentBase64,
      'base64',
    ).toString('utf8');
    expect(f.split('\r\n').length).toBeGreaterThan(3);
  });

  it('round-trips the whole workspace (assessments, completed drills, signed-off AARs) through JSON', async () => {
    const first = JSON.parse(Buffer.from((await h.call('export:workspace', { workspaceId })).contentBase64, 'base64').toString('utf8'));
    const info = await h.call('import:workspace', {
      name: 'Restored copy',
      contentBase64: Buffer.from(JSON.stringify(first)).toString('base64'),
    });
    const second = JSON.parse(
      Buffer.from((await h.call('export:workspace', { workspaceId: info.id })).contentBase64, 'base64').toString('utf8'),
    );
    // The copy keeps the original's history; its new name is one more entry (issue 11), so the history tables are compared apart.
    type Table = { name: string; rows: unknown[][] };
    const historyOf = (f: { tables: Table[] }) => f.tables.find((t) => t.name === 'history')!.rows;
    expect(historyOf(second).slice(0, historyOf(first).length)).toEqual(historyOf(first));
    const norm = (f: { exportedAt: string; workspace: { name: string }; tables: Table[] }) => ({
      ...f,
      exportedAt: 'X',
      workspace: { ...f.workspace, name: 'X' },
      tables: f.tables.filter((t) => t.name !== 'history' && t.name !== 'history_head'),
    });
    expect(norm(second)).toEqual(norm(first));
    expect((await h.call('history:verify', { workspaceId: info.id })).intact).toBe(true);
    const names = first.tables.filter((t: { rows: unknown[] }) => t.rows.length > 0).map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['assessments', 'drills', 'drill_events', 'drill_aars', 'corrective_actions', 'grants']));
    // the copy's immutability triggers are back in force
    const db = h.ctx.workspace(info.id).db;
    expect(() => db.prepare('DELETE FROM drill_events').run()).toThrow(/append-only/);
    // and the copy passes restore validation (schema identical to a genuine workspace)
    const b = await h.call('backup:create', { workspaceId: info.id });
    await h.call('backup:restore', { workspaceId: info.id, backupId: b.id });
  });
});
