/**
 * P7 (issue 16): what a user feels after one edit at 10k agents. The time from saving one grant
 * change or one answer (mixed, through dispatch) to fresh `score:dashboard` numbers, p95, against a
 * raw single-row commit (WAL, synchronous=FULL) p95 measured in the same run, interleaved.
 */
import BetterSqlite3 from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel, Request, Response } from '../../core/contract/index';
import type { Grant } from '../../core/inventory/model';
import { applyPragmas } from '../../electron/store/database';
import { grantsTable } from '../../electron/store/inventory/tables';
import type { ServiceContext } from '../../electron/services/context';
import { scoringCounts } from '../../electron/services/scoring-queries';
import { pct, time, type Figure } from './backend';

type Call = <K extends Channel>(channel: K, input: Request<K>) => Promise<Response<K>>;
const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

export async function benchEdits(
  ctx: ServiceContext,
  call: Call,
  workspaceId: string,
  dataDir: string,
  samples: number,
): Promise<Figure[]> {
  const ws = ctx.workspace(workspaceId);
  const { checklist } = await call('checklist:get', { workspaceId });
  const manual = checklist.controls.filter((c) => !c.rule).map((c) => c.id);
  // Spread over the workspace: every 37th grant and its agent.
  const rows = ws.db.prepare('SELECT id FROM grants ORDER BY id').all() as { id: string }[];
  const grants = new Map<string, Grant>();
  for (let i = 0; i < rows.length && grants.size < 400; i += 37) {
    const g = grantsTable.find(ws.db, rows[i]!.id)!;
    grants.set(g.id, g);
  }
  const picked = [...grants.values()];
  const values = ['yes', 'partial', 'no'] as const;
  let k = 0;
  const edit = async (): Promise<void> => {
    const g = picked[k % picked.length]!;
    if (k++ % 2 === 0) {
      const { id, createdAt: _c, updatedAt: _u, version, ...rest } = g;
      const grant = { ...rest, approvalGate: g.approvalGate === 'none' ? ('single' as const) : ('none' as const) };
      grants.set(id, (await call('grant:update', { workspaceId, id, grant, expectedVersion: version })) as Grant);
      picked[(k - 1) % picked.length] = grants.get(id)!;
    } else {
      const answer = { controlId: manual[k % manual.length]!, value: values[k % values.length]!, naReason: '' };
      await call('answer:set', {
        workspaceId,
        agentId: g.agentId,
        checklistId: checklist.id,
        checklistVersion: checklist.version,
        answers: [answer],
      });
    }
    await call('score:dashboard', { workspaceId });
  };

  const rawFile = join(dataDir, 'raw-edit.sqlite');
  const raw = new BetterSqlite3(rawFile);
  applyPragmas(raw);
  raw.exec(
    'CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY, agent_id TEXT NOT NULL, value TEXT NOT NULL, at TEXT NOT NULL) STRICT',
  );
  const ins = raw.prepare('INSERT INTO edits (agent_id, value, at) VALUES (?, ?, ?)');
  let n = 0;
  const rawOne = () => time(() => ins.run(`agent-${n}`, values[n % 3]!, new Date().toISOString()));
  // The raw file's WAL grows for its first commits (each also syncs a new size): warm it until it stops.
  const walSize = (): number => statSync(`${rawFile}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  for (let grewAt = 0, i = 0; i - grewAt < 200 && i < 5000; i++) {
    const before = walSize();
    n++;
    await rawOne();
    if (walSize() > before) grewAt = i;
  }
  await call('score:dashboard', { workspaceId }); // the full score the edits start from
  for (let i = 0; i < 20; i++) await edit(); // warm-up: the first edit builds the incremental state
  const before = scoringCounts(ws);
  const app: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < samples; i++) {
    n++;
    if (i % 2) {
      base.push(await rawOne());
      app.push(await time(edit));
    } else {
      app.push(await time(edit));
      base.push(await rawOne());
    }
  }
  raw.close();
  const after = scoringCounts(ws);
  const a = pct(app, 95);
  const b = pct(base, 95);
  const byDelta = after.incremental - before.incremental;
  log(
    `P7 edit -> dashboard p50 ${pct(app, 50).toFixed(2)} ms p95 ${a.toFixed(2)} ms; raw commit p50 ${pct(base, 50).toFixed(2)} p95 ${b.toFixed(2)}; ${byDelta} by delta, ${after.full - before.full} in full`,
  );
  return [
    {
      id: 'P7',
      what: `one grant change or one answer (mixed, ${samples} edits) through dispatch, then fresh score:dashboard numbers, p95 / raw single-row commit p95`,
      value: a,
      baseline: b,
      unit: 'ms',
      ratio: a / b,
      target: '<= 10',
      met: a / b <= 10,
      note: `p50 edit ${pct(app, 50).toFixed(2)} ms, raw ${pct(base, 50).toFixed(2)} ms; ${byDelta} of ${samples} scored by delta`,
    },
  ];
}
