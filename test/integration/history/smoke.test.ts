import { afterEach, expect, it } from 'vitest';
import { verifyHistory, historyHead } from '../../../electron/store/history/index';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness;
afterEach(() => {
  h.close();
  removeDir(h.dataDir);
});

it('smoke', async () => {
  const w = await withWorkspace(true, { actor: { name: 'Ada', source: 'profile' } });
  h = w.h;
  const db = h.ctx.workspace(w.workspaceId).db;
  await h.call('scoring:overview' as never, { workspaceId: w.workspaceId } as never).catch(() => null);
  const v = verifyHistory(db);
  console.log(v, historyHead(db));
  expect(v.intact).toBe(true);
});
