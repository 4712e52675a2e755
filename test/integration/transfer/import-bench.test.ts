import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';
import { applyPrepared, prepareImport } from '../../../electron/services/transfer';
import { writeContext } from '../../../electron/services/context';

/** 100k grants: the import path (parse + validate + plan + one-transaction apply) against raw prepared inserts. */
const AGENTS = 200;
const SYSTEMS = 50;
const GRANTS = 100_000;
const harnesses: Harness[] = [];
afterAll(() => {
  for (const h of harnesses) {
    h.close();
    removeDir(h.dataDir);
  }
});

function inventoryDoc() {
  const envs = ['Read-only / sandbox', 'Staging', 'Production'];
  const grants = [];
  for (let i = 0; i < GRANTS; i++) {
    grants.push({
      agent: `Agent ${i % AGENTS}`,
      system: `System ${i % SYSTEMS}`,
      environment: envs[i % 3],
      actions: i % 7 === 0 ? ['read', 'delete'] : ['read', 'write'],
      scope: `records/${i}`,
      approvalGate: i % 2 ? 'single' : 'none',
    });
  }
  return {
    agents: Array.from({ length: AGENTS }, (_, i) => ({ name: `Agent ${i}`, lifecycle: 'production' })),
    systems: Array.from({ length: SYSTEMS }, (_, i) => ({ name: `System ${i}`, kind: 'database' })),
    grants,
  };
}

describe('import throughput', () => {
  it('imports 100k grants in one transaction, re-imports as a no-op, and prints its throughput against raw inserts', async () => {
    const doc = inventoryDoc();
    const bytes = Buffer.from(JSON.stringify(doc));
    // raw baseline: the same rows with prepared statements in one transaction, no parsing or validation
    const rawOnce = async (): Promise<number> => {
      const raw = await withWorkspace(false);
      harnesses.push(raw.h);
      const rdb = raw.h.ctx.workspace(raw.workspaceId).db;
      const envIds = (rdb.prepare('SELECT id FROM environments ORDER BY created_at, name').all() as { id: string }[]).map((r) => r.id);
      const now = new Date().toISOString();
      const t0 = performance.now();
      rdb
        .transaction(() => {
          const a = rdb.prepare(
            "INSERT INTO agents (id, name, name_key, lifecycle, created_at, updated_at) VALUES (?, ?, ?, 'production', ?, ?)",
          );
          const s = rdb.prepare(
            "INSERT INTO systems (id, name, name_key, kind, criticality, data_sensitivity, created_at, updated_at) VALUES (?, ?, ?, 'database', 'medium', 'internal', ?, ?)",
          );
          const g = rdb.prepare(
            'INSERT INTO grants (id, agent_id, system_id, environment_id, actions, scope, approval_gate, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          );
          const aIds = doc.agents.map((x) => {
            const id = randomUUID();
            a.run(id, x.name, x.name.toLowerCase(), now, now);
            return id;
          });
          const sIds = doc.systems.map((x) => {
            const id = randomUUID();
            s.run(id, x.name, x.name.toLowerCase(), now, now);
            return id;
          });
          doc.grants.forEach((x, i) =>
            g.run(
              randomUUID(),
              aIds[i % AGENTS],
              sIds[i % SYSTEMS],
              envIds[i % 3],
              JSON.stringify(x.actions),
              x.scope,
              x.approvalGate,
              now,
              now,
            ),
          );
        })
        .immediate();
      return performance.now() - t0;
    };
    // the app's import:apply path: read + validate, then plan + apply in one transaction
    const importOnce = async () => {
      const imp = await withWorkspace(false);
      harnesses.push(imp.h);
      const db = imp.h.ctx.workspace(imp.workspaceId).db;
      const t1 = performance.now();
      const prepared = await prepareImport(db, 'inventory.json', bytes, {}, false);
      const t2 = performance.now();
      applyPrepared(writeContext(imp.h.ctx, imp.workspaceId, 'import:apply'), prepared);
      const t3 = performance.now();
      expect((db.prepare('SELECT count(*) AS n FROM grants').get() as { n: number }).n).toBe(GRANTS);
      return { db, total: t3 - t1, read: t2 - t1, apply: t3 - t2 };
    };
    // One run each. The throughput target is judged by `npm run bench` (P1), not here: a timed assertion
    // on a shared 2-core machine would be flaky. This test checks that 100k grants import correctly.
    const raws = [await rawOnce()];
    const imps = [await importOnce()];
    const rawMs = Math.min(...raws);
    const best = imps.reduce((a, b) => (b.total < a.total ? b : a));
    const ratio = rawMs / best.total;
    console.log(
      `import benchmark: grants=${GRANTS}; raw inserts ${rawMs.toFixed(0)} ms (best of ${raws.map((r) => r.toFixed(0)).join(', ')}); import total ${best.total.toFixed(0)} ms (best of ${imps.map((r) => r.total.toFixed(0)).join(', ')}; read+validate ${best.read.toFixed(0)} ms, plan+apply in one transaction ${best.apply.toFixed(0)} ms); throughput ratio=${ratio.toFixed(2)}x (informational; the P1 target is judged by npm run bench)`,
    );
    // re-import is a no-op
    const again = await prepareImport(best.db, 'inventory.json', bytes, {});
    expect(again.plan?.counts.grants).toEqual({ create: 0, update: 0, unchanged: GRANTS });
  }, 300_000);
});
