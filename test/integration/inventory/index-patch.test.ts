import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_CLASSES } from '../../../core/inventory/model';
import { buildIndex, inventoryIndex, type InventoryIndex } from '../../../electron/services/inventory-index';
import { makeDoc } from '../../bench/generate';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * The inventory index is patched with the rows each write changed instead of being rebuilt from
 * every grant (issue 16 at 100k agents). After every step of a random sequence of inventory edits
 * through the real channels, the patched index must equal a full rebuild.
 */
let h: Harness;
let workspaceId: string;
beforeAll(async () => {
  ({ h, workspaceId } = await withWorkspace());
  const doc = makeDoc(60, 5);
  await h.call('import:apply', { workspaceId, fileName: 'org.json', contentBase64: Buffer.from(JSON.stringify(doc)).toString('base64') });
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

/** The index as comparable data: Maps as sorted entries, the lazily sorted orders left out. */
const plain = (i: InventoryIndex) => ({
  agents: i.agents,
  workflows: i.workflows,
  systems: i.systems,
  environments: i.environments,
  grantCount: i.grantCount,
  byEnvironment: [...i.byEnvironment.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, e]) => ({
      id,
      levelOf: [...e.levelOf.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      criticalCells: [...e.criticalCells.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    })),
});

/** A small deterministic generator, so a failure replays. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

describe('inventory index patch', () => {
  it('equals a full rebuild after every step of 150 random inventory edits; grant edits patch it in place', async () => {
    const db = h.ctx.workspace(workspaceId).db;
    const r = rng(16);
    const GATES = ['none', 'single', 'two-person'] as const;
    let patchedInPlace = 0;
    for (let step = 0; step < 150; step++) {
      const o = await h.call('inventory:overview', { workspaceId });
      const grants = (await h.call('agent:get', { workspaceId, id: r.pick(o.agents).id })).grants;
      const before = inventoryIndex(db);
      const kind = r.pick([
        'grant+',
        'grant+',
        'grant~',
        'grant-',
        'agent+',
        'agent~',
        'agent-',
        'system+',
        'system~',
        'workflow+',
        'env~',
      ]);
      const agent = r.pick(o.agents);
      const grant = () => ({
        agentId: r.pick(o.agents).id,
        systemId: r.pick(o.systems).id,
        environmentId: r.pick(o.environments).id,
        actions: [r.pick(ACTION_CLASSES), r.pick(ACTION_CLASSES)].filter((a, i, xs) => xs.indexOf(a) === i),
        approvalGate: r.pick(GATES),
        scope: `step-${step}`,
        credentialIdentity: `svc-step-${step}`,
      });
      if (kind === 'grant+') await h.call('grant:create', { workspaceId, grant: grant() });
      else if (kind === 'grant~' && grants[0]) await h.call('grant:update', { workspaceId, id: grants[0].id, grant: grant() });
      else if (kind === 'grant-' && grants[0]) await h.call('grant:delete', { workspaceId, id: grants[0].id });
      else if (kind === 'agent+')
        await h.call('agent:create', {
          workspaceId,
          agent: { name: `${r.pick(['a', 'Z', 'm', 'É'])} new ${step}`, workflowIds: [r.pick(o.workflows).id] },
        });
      else if (kind === 'agent~') {
        const { id: _id, version: _v, createdAt: _c, updatedAt: _u, grantCount: _g, riskLevel: _r, riskReason: _rr, ...fields } = agent;
        const name = r.next() < 0.5 ? `${agent.name} renamed ${step}` : agent.name;
        await h.call('agent:update', {
          workspaceId,
          id: agent.id,
          agent: { ...fields, name, lifecycle: r.pick(['pilot', 'production'] as const), workflowIds: [r.pick(o.workflows).id] },
        });
      } else if (kind === 'agent-' && o.agents.length > 20) await h.call('agent:delete', { workspaceId, id: agent.id });
      else if (kind === 'system+') await h.call('system:create', { workspaceId, system: { name: `System new ${step}`, kind: 'database' } });
      else if (kind === 'system~') {
        const s = r.pick(o.systems);
        await h.call('system:update', { workspaceId, id: s.id, system: { name: `${s.name}+`, kind: s.kind, criticality: s.criticality } });
      } else if (kind === 'workflow+') await h.call('workflow:create', { workspaceId, workflow: { name: `Workflow new ${step}` } });
      else if (kind === 'env~') {
        const e = r.pick(o.environments);
        await h.call('environment:update', {
          workspaceId,
          id: e.id,
          environment: { name: e.name, tier: r.pick(['production', 'staging'] as const) },
        });
      }
      const now = inventoryIndex(db);
      if (now === before && kind.startsWith('grant')) patchedInPlace++;
      expect(plain(now), `step ${step} (${kind})`).toEqual(plain(buildIndex(db)));
    }
    expect(patchedInPlace).toBeGreaterThan(30);
  }, 120_000);
});
