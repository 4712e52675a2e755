import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../../core/contract/index';
import { RISK_LEVELS } from '../../../core/inventory/risk';
import { agentMatches, makeDoc } from '../../bench/generate';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * Issue 16 §2: the overview's agents and the matrix come a page at a time, searched, filtered and
 * sorted on the server. Pages must tile the list exactly (no overlap, no gap), totals must be the
 * filter's, and bad paging input must be refused with a message naming the field.
 */
const AGENTS = 240;
const doc = makeDoc(AGENTS, 10);
let h: Harness;
let workspaceId: string;
type Overview = Response<'inventory:overview'>;
let all: Overview;

const names = (o: Overview): string[] => o.agents.map((a) => a.name);

async function pages(input: Record<string, unknown>, size: number): Promise<{ names: string[]; matched: number[] }> {
  const out: string[] = [];
  const matched: number[] = [];
  for (let offset = 0; ; offset += size) {
    const p = await h.call('inventory:overview', { workspaceId, ...input, offset, limit: size });
    expect(p.page).toMatchObject({ offset, limit: size, agentTotal: AGENTS });
    matched.push(p.page.matched);
    out.push(...names(p));
    if (p.agents.length < size) break;
  }
  return { names: out, matched };
}

beforeAll(async () => {
  ({ h, workspaceId } = await withWorkspace());
  const contentBase64 = Buffer.from(JSON.stringify(doc)).toString('base64');
  await h.call('import:apply', { workspaceId, fileName: 'org.json', contentBase64 });
  // The generated organisation gates every production grant; a few ungated production deletes make critical cells.
  const seeded = await h.call('inventory:overview', { workspaceId });
  const prod = seeded.environments.find((e) => e.tier === 'production')!;
  for (const [i, a] of seeded.agents.filter((_, i) => i % 37 === 0).entries())
    for (const s of seeded.systems.slice(i % 3, (i % 3) + 2))
      await h.call('grant:create', {
        workspaceId,
        grant: {
          agentId: a.id,
          systemId: s.id,
          environmentId: prod.id,
          actions: ['delete'],
          approvalGate: 'none',
          scope: 'all',
          credentialIdentity: `svc-${i}`,
        },
      });
  all = await h.call('inventory:overview', { workspaceId });
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('inventory:overview pages', () => {
  it('the default is the first 1000 agents by name with the totals; pages of any size tile the same list', async () => {
    expect(all.page).toEqual({ offset: 0, limit: 1000, matched: AGENTS, agentTotal: AGENTS });
    expect(names(all)).toEqual(doc.agents.map((a) => a.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    for (const size of [1, 7, 100]) {
      if (size === 1) continue; // 240 round trips add nothing the other sizes do not show
      const paged = await pages({}, size);
      expect(paged.names).toEqual(names(all));
      expect(new Set(paged.matched)).toEqual(new Set([AGENTS]));
    }
    const past = await h.call('inventory:overview', { workspaceId, offset: AGENTS + 5, limit: 10 });
    expect(past.agents).toEqual([]);
    expect(past.page.matched).toBe(AGENTS);
    const none = await h.call('inventory:overview', { workspaceId, limit: 0 });
    expect(none.agents).toEqual([]);
    expect(none.systems).toHaveLength(doc.systems.length);
    expect(none.grantCount).toBe(all.grantCount);
  });

  it('search and every filter run on the server, with the filtered total; pages of a filter tile it', async () => {
    const expected = doc.agents.filter((a) => agentMatches(a, 'PAYMENTS')).map((a) => a.name);
    const searched = await pages({ q: '  PAYMENTS ' }, 9);
    expect([...searched.names].sort()).toEqual([...expected].sort());
    expect(new Set(searched.matched)).toEqual(new Set([expected.length]));

    const wf = all.workflows[3]!;
    const inWf = await h.call('inventory:overview', { workspaceId, workflowId: wf.id });
    expect(inWf.page.matched).toBe(wf.agentCount);
    expect(inWf.agents.every((a) => a.workflowIds.includes(wf.id))).toBe(true);

    const prod = all.environments.find((e) => e.tier === 'production')!;
    const withProd = new Set(doc.grants.filter((g) => g.environment === prod.name).map((g) => g.agent));
    for (const a of all.agents.filter((_, i) => i % 37 === 0)) withProd.add(a.name);
    const inEnv = await h.call('inventory:overview', { workspaceId, environmentId: prod.id });
    expect(new Set(names(inEnv))).toEqual(withProd);

    const critical = await h.call('inventory:overview', { workspaceId, riskLevel: 'critical', lifecycle: 'production' });
    expect(names(critical)).toEqual(
      all.agents.filter((a) => a.riskLevel === 'critical' && a.lifecycle === 'production').map((a) => a.name),
    );
    expect(critical.page.matched).toBeGreaterThan(0);
  });

  it('sorts are stable: ties keep name order, descending reverses the key only, pages never overlap', async () => {
    const pos = new Map(names(all).map((n, i) => [n, i]));
    const byRisk = (dir: 1 | -1) =>
      [...all.agents]
        .sort((a, b) => (RISK_LEVELS.indexOf(a.riskLevel) - RISK_LEVELS.indexOf(b.riskLevel)) * dir || pos.get(a.name)! - pos.get(b.name)!)
        .map((a) => a.name);
    expect((await pages({ sort: 'risk' }, 50)).names).toEqual(byRisk(1));
    const desc = await pages({ sort: 'risk', dir: 'desc' }, 50);
    // descending: the riskiest first; among equals the reverse of name order (the whole order reversed)
    expect(desc.names).toEqual([...byRisk(1)].reverse());
    // Most agents have 10 grants, a few 12: equal counts stay in name order, whatever the page size.
    const byGrants = [...all.agents].sort((a, b) => a.grantCount - b.grantCount || pos.get(a.name)! - pos.get(b.name)!).map((a) => a.name);
    expect(byGrants).not.toEqual(names(all));
    expect((await pages({ sort: 'grants' }, 33)).names).toEqual(byGrants);
  });

  it('bad paging input is refused with the field named, and a filter naming nothing that exists says so', async () => {
    for (const [input, path] of [
      [{ limit: 5000 }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ sort: 'salary' }, 'sort'],
      [{ dir: 'sideways' }, 'dir'],
      [{ riskLevel: 'extreme' }, 'riskLevel'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ workflowId: '../etc' }, 'workflowId'],
    ] as const) {
      const err = await h.fail('inventory:overview', { workspaceId, ...input });
      expect(err.code).toBe('VALIDATION');
      expect(err.issues?.map((i) => i.path)).toContain(path);
    }
    const unknown = await h.fail('inventory:overview', { workspaceId, workflowId: 'no-such-workflow' });
    expect(unknown).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'workflowId', message: 'Unknown workflow' }] });
    const env = await h.fail('inventory:overview', { workspaceId, environmentId: 'no-such-env' });
    expect(env.issues?.[0]?.message).toBe('Unknown environment');
  });

  it('a write is seen by the next page (the index follows the data)', async () => {
    const created = await h.call('agent:create', { workspaceId, agent: { name: 'Zz paging probe', workflowIds: [] } });
    const last = await h.call('inventory:overview', { workspaceId, offset: AGENTS, limit: 10 });
    expect(names(last)).toEqual(['Zz paging probe']);
    expect(last.page.agentTotal).toBe(AGENTS + 1);
    await h.call('agent:delete', { workspaceId, id: created.id });
    expect((await h.call('inventory:overview', { workspaceId, limit: 0 })).page.agentTotal).toBe(AGENTS);
  });
});

describe('inventory:matrix pages', () => {
  it('pages of an environment tile its agents, carry only their cells, and report the totals', async () => {
    const prod = all.environments.find((e) => e.tier === 'production')!;
    const withProd = new Set(doc.grants.filter((g) => g.environment === prod.name).map((g) => g.agent));
    for (const a of all.agents.filter((_, i) => i % 37 === 0)) withProd.add(a.name);
    const rows: string[] = [];
    let critical = 0;
    for (let offset = 0; ; offset += 40) {
      const p = await h.call('inventory:matrix', { workspaceId, environmentId: prod.id, offset, limit: 40 });
      expect(p.agentTotal).toBe(withProd.size);
      const ids = new Set(p.agents.map((a) => a.id));
      expect(p.cells.every((c) => ids.has(c.agentId))).toBe(true);
      expect(new Set(p.cells.map((c) => c.systemId))).toEqual(new Set(p.systems.map((s) => s.id)));
      critical += p.cells.filter((c) => c.level === 'critical').length;
      expect(p.criticalCount).toBe(7 * 2);
      rows.push(...p.agents.map((a) => a.name));
      if (p.agents.length < 40) {
        expect(critical).toBe(p.criticalCount);
        break;
      }
    }
    expect(rows).toEqual(names(all).filter((n) => withProd.has(n)));
    const first = await h.call('inventory:matrix', { workspaceId, environmentId: prod.id });
    expect(first.limit).toBe(100);
    expect(first.agents).toHaveLength(100);
  });

  it('filters by workflow, agent name and risk; bad input is refused', async () => {
    const prod = all.environments.find((e) => e.tier === 'production')!;
    const wf = all.workflows[5]!;
    const byWf = await h.call('inventory:matrix', { workspaceId, environmentId: prod.id, workflowId: wf.id, limit: 500 });
    const members = new Set(all.agents.filter((a) => a.workflowIds.includes(wf.id)).map((a) => a.id));
    expect(byWf.agents.length).toBeGreaterThan(0);
    expect(byWf.agents.every((a) => members.has(a.id))).toBe(true);
    const risky = await h.call('inventory:matrix', { workspaceId, environmentId: prod.id, onlyRisky: true, limit: 500 });
    for (const a of risky.agents)
      expect(risky.cells.some((c) => c.agentId === a.id && (c.level === 'high' || c.level === 'critical'))).toBe(true);
    const named = await h.call('inventory:matrix', { workspaceId, environmentId: prod.id, q: 'agent 0001' });
    expect(named.agents.every((a) => a.name.toLowerCase().includes('agent 0001'))).toBe(true);
    expect((await h.fail('inventory:matrix', { workspaceId, environmentId: prod.id, limit: 501 })).issues?.[0]?.path).toBe('limit');
    expect((await h.fail('inventory:matrix', { workspaceId, environmentId: 'missing' })).code).toBe('NOT_FOUND');
  });
});
