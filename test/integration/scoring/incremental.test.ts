/**
 * Incremental scoring (issue 16) equals the full engine: random sequences of edits through the real
 * channels on a real SQLite workspace (the example organisation), and after every step the scores
 * the app serves (updated by delta) deep-equal a full re-score of the same data, detail included,
 * and the dashboard's agent table is in the order a fresh sort gives.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreWorkspace } from '../../../core/scoring/engine';
import type { WorkspaceScores } from '../../../core/scoring/types';
import { computeWorkspaceScores, scoringCounts, scoringInputFor } from '../../../electron/services/scoring-queries';
import { readInventory } from '../../../electron/store/inventory/snapshot';
import { grantsTable } from '../../../electron/store/inventory/tables';
import { removeDir, withWorkspace } from '../helpers';
import { apply, EVERY_KIND, KINDS, made, NOW, op } from './incremental-edits';

const plain = (s: WorkspaceScores): unknown => JSON.parse(JSON.stringify(s));

describe('incremental scoring equals a full re-score', () => {
  let dir = '';
  afterEach(() => removeDir(dir));

  it("reads the inventory's grants (raw rows, shared action lists) exactly as the row mapper does", async () => {
    const { h, workspaceId } = await withWorkspace(true);
    dir = h.dataDir;
    const db = h.ctx.workspace(workspaceId).db;
    const grants = readInventory(db).grants;
    expect(grants.length).toBeGreaterThan(5);
    expect(JSON.stringify(grants)).toBe(JSON.stringify(grantsTable.list(db, 'agent_id, created_at, rowid')));
    h.close();
  });

  it('after every step of random edits through every scoring channel', { timeout: 240_000 }, async () => {
    let incremental = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const { h, workspaceId } = await withWorkspace(true, { now: () => NOW });
        dir = h.dataDir;
        try {
          const ws = h.ctx.workspace(workspaceId);
          await h.call('score:dashboard', { workspaceId });
          for (const [step, o] of ops.entries()) {
            await apply(h, workspaceId, o, step);
            const dash = await h.call('score:dashboard', { workspaceId });
            const served = computeWorkspaceScores(ws, NOW);
            const full = scoreWorkspace(scoringInputFor(ws, NOW));
            expect(plain(served), `after ${JSON.stringify(o)}`).toEqual(plain(full));
            expect(dash.workspace).toEqual(full.workspace);
            expect(dash.topRisks).toEqual((plain(full) as WorkspaceScores).topRisks);
            // The all-agents table, updated in place, is in the order a fresh sort gives.
            const page = await h.call('score:agents', {
              workspaceId,
              q: '',
              verdict: 'all',
              sort: 'verdict',
              dir: 'asc',
              offset: 0,
              limit: 500,
            });
            const order = [...full.agents]
              .map((a, i) => ({ a, i }))
              .sort(
                (x, y) =>
                  ['not-ready', 'conditional', 'ready'].indexOf(x.a.verdict) - ['not-ready', 'conditional', 'ready'].indexOf(y.a.verdict) ||
                  x.a.score - y.a.score ||
                  new Intl.Collator(undefined, { sensitivity: 'base' }).compare(x.a.agentName, y.a.agentName) ||
                  x.i - y.i,
              )
              .map((x) => x.a.agentId);
            expect(page.rows.map((r) => r.agentId)).toEqual(order);
          }
          incremental += scoringCounts(ws).incremental;
        } finally {
          h.close();
          removeDir(dir);
        }
      }),
      { numRuns: 20, examples: [[EVERY_KIND]] },
    );
    // The property is about the delta path: most steps must have taken it.
    expect(incremental).toBeGreaterThan(50);
    // Every kind of edit was made at least once (not only refused).
    expect([...made].sort()).toEqual([...KINDS].sort());
  });
});
