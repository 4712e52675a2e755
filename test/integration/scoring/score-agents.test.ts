import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/** The all-agents table pages on the server (score:agents); the dashboard sends only its first paint. */
let h: Harness;
let workspaceId: string;
const BULK = 250;
const now = () => new Date('2026-06-01T10:00:00Z');
const ORDER = { 'not-ready': 0, conditional: 1, ready: 2 } as const;
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

beforeAll(async () => {
  const w = await withWorkspace(true, { now });
  h = w.h;
  workspaceId = w.workspaceId;
  for (let i = 0; i < BULK; i++) {
    await h.call('agent:create', {
      workspaceId,
      agent: { name: `Bulk agent ${String(i).padStart(3, '0')}`, lifecycle: i % 3 === 0 ? 'production' : 'pilot' },
    });
  }
}, 60_000);
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

const all = async () => (await h.call('score:agents', { workspaceId, limit: 500 })).rows;

describe('score:agents', () => {
  it('pages through every agent once, in the default order (not ready first, then lowest score, then name)', async () => {
    const total = BULK + 8;
    const seen: string[] = [];
    for (let offset = 0; offset < total; offset += 100) {
      const page = await h.call('score:agents', { workspaceId, offset, limit: 100 });
      expect(page.total).toBe(total);
      expect(page.all).toBe(total);
      expect(page.rows.length).toBe(Math.min(100, total - offset));
      seen.push(...page.rows.map((r) => r.agentId));
    }
    expect(new Set(seen).size).toBe(total);
    const rows = await all();
    expect(rows.map((r) => r.agentId)).toEqual(seen);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      expect(ORDER[a.verdict] - ORDER[b.verdict] || a.score - b.score || collator.compare(a.agentName, b.agentName)).toBeLessThanOrEqual(0);
    }
    // Light rows: the first cap reason and how many there are.
    const capped = rows.find((r) => (r.capReasonCount ?? 0) > 1)!;
    expect(capped.capReasons).toHaveLength(1);
    expect(rows.every((r) => r.delta === null)).toBe(true); // no assessment yet
  });

  it('filters by name (case-insensitive, trimmed) and by verdict; counts match the dashboard', async () => {
    const byName = await h.call('score:agents', { workspaceId, q: '  BULK AGENT 01 ' });
    expect(byName.total).toBe(10);
    expect(byName.all).toBe(BULK + 8);
    expect(byName.rows.map((r) => r.agentName).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Bulk agent 01${i}`));

    const dash = await h.call('score:dashboard', { workspaceId });
    for (const v of ['ready', 'conditional', 'not-ready'] as const) {
      const page = await h.call('score:agents', { workspaceId, verdict: v, limit: 500 });
      expect(page.total).toBe(dash.workspace.verdicts[v]);
      expect(page.rows.every((r) => r.verdict === v)).toBe(true);
    }
    const both = await h.call('score:agents', { workspaceId, q: 'cleanup', verdict: 'not-ready' });
    expect(both.rows.map((r) => r.agentName)).toEqual(['Account Cleanup Agent']);
    const none = await h.call('score:agents', { workspaceId, q: 'no such agent anywhere' });
    expect(none).toEqual({ total: 0, all: BULK + 8, rows: [] });
  });

  it('sorts by each column in both directions, ties in the default order', async () => {
    const base = await all();
    const rank = new Map(base.map((r, i) => [r.agentId, i]));
    const names = (await h.call('score:agents', { workspaceId, sort: 'name', limit: 500 })).rows.map((r) => r.agentName);
    expect(names).toEqual([...names].sort(collator.compare));
    const desc = (await h.call('score:agents', { workspaceId, sort: 'name', dir: 'desc', limit: 500 })).rows.map((r) => r.agentName);
    expect(desc).toEqual([...names].reverse());

    const byScore = (await h.call('score:agents', { workspaceId, sort: 'score', dir: 'desc', limit: 500 })).rows;
    for (let i = 1; i < byScore.length; i++) {
      const a = byScore[i - 1]!;
      const b = byScore[i]!;
      expect(a.score > b.score || (a.score === b.score && rank.get(a.agentId)! < rank.get(b.agentId)!)).toBe(true);
    }
    const blast = (await h.call('score:agents', { workspaceId, sort: 'blast', limit: 500 })).rows.map((r) => r.blastRadius);
    expect(blast).toEqual([...blast].sort((x, y) => x - y));
    const findings = (await h.call('score:agents', { workspaceId, sort: 'findings', dir: 'desc', limit: 500 })).rows.map(
      (r) => r.openFindings,
    );
    expect(findings).toEqual([...findings].sort((x, y) => y - x));
    // A sorted page is the same slice of the sorted whole.
    const page2 = await h.call('score:agents', { workspaceId, sort: 'score', dir: 'desc', offset: 100, limit: 50 });
    expect(page2.rows.map((r) => r.agentId)).toEqual(byScore.slice(100, 150).map((r) => r.agentId));
  });

  it('returns no rows (and the true total) for an offset beyond the end', async () => {
    const page = await h.call('score:agents', { workspaceId, offset: 10_000, limit: 100 });
    expect(page).toEqual({ total: BULK + 8, all: BULK + 8, rows: [] });
    const last = await h.call('score:agents', { workspaceId, offset: BULK + 7, limit: 100 });
    expect(last.rows).toHaveLength(1);
  });

  it('refuses bad input with a message at the field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ limit: 501 }, 'limit', /At most 500/],
      [{ limit: 0 }, 'limit', /At least 1/],
      [{ offset: -1 }, 'offset', /negative/],
      [{ offset: 1.5 }, 'offset', /whole number/],
      [{ sort: 'password' }, 'sort', /Sort by one of/],
      [{ dir: 'up' }, 'dir', /asc or desc/],
      [{ verdict: 'maybe' }, 'verdict', /Choose all/],
      [{ q: 'x'.repeat(201) }, 'q', /At most 200/],
    ];
    for (const [extra, path, message] of cases) {
      const err = await h.fail('score:agents', { workspaceId, ...extra });
      expect(err.code).toBe('VALIDATION');
      expect(err.issues).toEqual([{ path, message: expect.stringMatching(message) }]);
    }
    expect((await h.fail('score:agents', { workspaceId: 'nope' })).code).toBe('NOT_FOUND');
  });

  it('sees a change at once (the cached order belongs to the data it was sorted from), with deltas after an assessment', async () => {
    const cl = (await h.call('checklist:get', { workspaceId })).checklist;
    await h.call('assessment:finalise', {
      workspaceId,
      title: 'Baseline',
      finalisedBy: 'Ops',
      checklistId: cl.id,
      checklistVersion: cl.version,
    });
    expect((await all()).every((r) => r.delta === 0)).toBe(true);
    await h.call('agent:create', { workspaceId, agent: { name: 'Zebra newcomer' } });
    const page = await h.call('score:agents', { workspaceId, q: 'zebra' });
    expect(page.total).toBe(1);
    expect(page.all).toBe(BULK + 9);
    expect(page.rows[0]!.delta).toBeNull(); // not in the baseline
    const byName = await h.call('score:agents', { workspaceId, sort: 'name', dir: 'desc', limit: 1 });
    expect(byName.rows[0]!.agentName).toBe('Zebra newcomer');
  });
});

describe('score:dashboard and score:average', () => {
  it('the dashboard sends the first not-ready agents and the top risks, not every agent', async () => {
    const retired = (await h.call('agent:create', { workspaceId, agent: { name: 'Aardvark retired', lifecycle: 'retired' } })).id;
    const d = await h.call('score:dashboard', { workspaceId });
    expect(d).not.toHaveProperty('agents');
    // The card counts the roll-up, which leaves retired agents out: so does its list.
    const allNotReady = (await h.call('score:agents', { workspaceId, verdict: 'not-ready', limit: 500 })).rows;
    expect(allNotReady.some((r) => r.agentId === retired)).toBe(true);
    expect(d.notReady).toEqual(allNotReady.filter((r) => r.lifecycle !== 'retired').slice(0, 12));
    expect(d.notReady.length).toBe(Math.min(12, d.workspace.verdicts['not-ready']));
    await h.call('agent:delete', { workspaceId, id: retired });
    for (const r of d.topRisks) {
      const row = (await h.call('score:agents', { workspaceId, q: r.agentName, limit: 500 })).rows.find((x) => x.agentId === r.agentId)!;
      expect(d.topRiskCaps[r.agentId]).toBe(row.capReasons[0]);
    }
  });

  it('explains the average: shares add up to it, lowest score first', async () => {
    const avg = await h.call('score:average', { workspaceId, limit: 500 });
    const d = await h.call('score:dashboard', { workspaceId });
    expect(avg.mean).toBe(d.workspace.meanScore);
    expect(avg.agentCount).toBe(d.workspace.agentCount);
    expect(avg.lowest).toHaveLength(avg.agentCount);
    expect(Math.round(avg.lowest.reduce((s, r) => s + r.share * 10, 0))).toBe(Math.round(avg.mean! * 10));
    const scores = avg.lowest.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((x, y) => x - y));
    expect((await h.call('score:average', { workspaceId })).lowest).toHaveLength(50);
    expect((await h.fail('score:average', { workspaceId, limit: 501 })).issues).toEqual([{ path: 'limit', message: 'At most 500 rows' }]);
  });
});
