/** Family D: disk full, read-only data folder, a second instance, wall-clock jumps during a drill (R17-R20). */
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHarness, removeDir, withWorkspace } from '../integration/helpers';
import { bundleChild } from './lib/bundle';
import { runChild } from './lib/child';
import { integrity, representativeWorkspace, sha } from './lib/db';
import { mountTmpfs } from './lib/mount';
import { pick, report, skip } from './lib/report';

const countAgents = (file: string): number => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM agents').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('D. environment faults', () => {
  it('R17 disk full: committed rows survive, the error is clear, writes resume when space is freed', async () => {
    const m = mountTmpfs('2m');
    if (m.dir === null) return skip('R17', m.reason);
    try {
      const { h, workspaceId } = await withWorkspace(false, { dataDir: m.dir });
      const file = h.ctx.workspaces.fileFor(workspaceId);
      // leave ~256 KiB free, the way a nearly full disk would
      const free = () => {
        const s = statfsSync(m.dir);
        return s.bavail * s.bsize;
      };
      const filler = join(m.dir, 'filler.bin');
      writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 256 * 1024)));
      let committed = 0;
      let error: { code: string; message: string } | null = null;
      for (let i = 0; i < 2000 && !error; i++) {
        const r = await h.fail('agent:create', { workspaceId, agent: { name: `agent ${i}`, purpose: 'p'.repeat(3900) } }).catch(() => null);
        if (r === null) committed++;
        else error = r;
      }
      // the open connection is still usable once space comes back
      rmSync(filler);
      const resumed = await h.fail('agent:create', { workspaceId, agent: { name: 'after space freed' } }).then(
        () => false,
        () => true,
      );
      h.close();
      const rows = countAgents(file);
      const db = new BetterSqlite3(file, { readonly: true });
      const integ = integrity(db);
      db.close();
      const h2 = makeHarness({ dataDir: m.dir });
      const reopened = (await h2.call('inventory:overview', { workspaceId, limit: 0 })).page.agentTotal;
      h2.close();
      const pass =
        error !== null && /full/i.test(error.message) && rows === committed + 1 && reopened === rows && integ === 'ok' && resumed;
      expect(
        report(
          'R17',
          pass,
          `tmpfs=2m; committed before full=${committed}; error=${error?.code} "${error?.message.slice(0, 60)}"; rows after reopen=${reopened} (= committed + 1 written after space was freed); integrity=${integ}; writes resume after space is freed=${resumed ? 'yes' : 'no'}; partial export files=0 (exports are returned, not written)`,
        ),
      ).toBe(true);
    } finally {
      m.unmount();
    }
  });

  it('R18 read-only data folder: clear error, no crash, data unchanged', async () => {
    const m = mountTmpfs('8m');
    if (m.dir === null) return skip('R18', m.reason);
    try {
      const { h, workspaceId } = await withWorkspace(true, { dataDir: m.dir });
      const file = h.ctx.workspaces.fileFor(workspaceId);
      h.close();
      const before = sha(file);
      const filesBefore = readdirSync(join(m.dir, 'workspaces')).sort().join(',');
      m.remountReadOnly();
      let crash = 0;
      let listed: { status: string; error: { code: string; message: string } | null } | undefined;
      let write: { code: string; message: string } | null = null;
      let create: { code: string; message: string } | null = null;
      try {
        const h2 = makeHarness({ dataDir: m.dir });
        listed = (await h2.call('workspace:list', {})).find((w) => w.id === workspaceId);
        write = await h2.fail('agent:create', { workspaceId, agent: { name: 'x' } });
        create = await h2.fail('workspace:create', { name: 'New one' });
        h2.close();
      } catch (err) {
        crash++;
        listed = { status: 'crash', error: { code: 'THROWN', message: (err as Error).message } };
      }
      const after = sha(file);
      const filesAfter = readdirSync(join(m.dir, 'workspaces')).sort().join(',');
      const msg = listed?.error?.message ?? '';
      const pass =
        crash === 0 &&
        listed?.status === 'unavailable' &&
        /read-only/i.test(msg) &&
        /read-only/i.test(create?.message ?? '') &&
        write !== null &&
        create !== null &&
        before === after &&
        filesBefore === filesAfter;
      expect(
        report(
          'R18',
          pass,
          `mount=tmpfs remount,ro; open: error=${listed?.error?.code} "${msg.slice(0, 90)}"; write: ${write?.code}; create workspace: ${create?.code} "${create?.message.slice(0, 60)}"; crash=${crash}; data changed=${before === after && filesBefore === filesAfter ? 0 : 1}`,
        ),
      ).toBe(true);
    } finally {
      m.unmount();
    }
  });

  it('R19 second instance on the same workspace: serialised writes, a clear busy error, no corruption', async () => {
    const child = await bundleChild('test/reliability/children/instance-child.ts');
    const { h, workspaceId } = await representativeWorkspace(0);
    const dataDir = h.dataDir;
    const file = h.ctx.workspaces.fileFor(workspaceId);
    const base = (await h.call('inventory:overview', { workspaceId, limit: 0 })).page.agentTotal;
    h.close();
    const n = pick(150, 40);
    // (b1) two processes write at once: SQLite serialises them (WAL + 5 s busy timeout)
    const [a, b] = await Promise.all([
      runChild(child, [dataDir, workspaceId, 'write', String(n), 'A']),
      runChild(child, [dataDir, workspaceId, 'write', String(n), 'B']),
    ]);
    const okA = a.lines.filter((l) => l.startsWith('OK ')).length;
    const okB = b.lines.filter((l) => l.startsWith('OK ')).length;
    const rows = countAgents(file);
    // (b2) one process holds the write lock for longer than the busy timeout: the other gets a clear error, writes nothing
    const holdMs = 60_000; // upper bound; the holder releases as soon as the second process has finished
    const releaseFile = join(dataDir, 'release-lock');
    const holder = spawn(process.execPath, [child, dataDir, workspaceId, 'hold', String(holdMs), releaseFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AR_QUIET: '1' },
    });
    await new Promise<void>((res) => holder.stdout.on('data', (c: Buffer) => c.toString().includes('LOCKED') && res()));
    const second = await runChild(child, [dataDir, workspaceId, 'write', '1', 'S']);
    writeFileSync(releaseFile, '');
    await new Promise<void>((res) => holder.on('exit', () => res()));
    const err = second.lines.find((l) => l.startsWith('ERR ')) ?? '';
    const [, code, ms] = err.split(' ');
    const rowsAfter = countAgents(file);
    const db = new BetterSqlite3(file, { readonly: true });
    const integ = integrity(db);
    db.close();
    removeDir(dataDir);
    const pass =
      okA === n && okB === n && rows === base + 2 * n && err !== '' && rowsAfter === rows && integ === 'ok' && Number(ms) >= 4500;
    expect(
      report(
        'R19',
        pass,
        `concurrent writers: A=${okA}/${n} B=${okB}/${n} rows=${rows - base}/${2 * n}; lock held until the second process finished: second got ${code} after lock wait ms=${ms} "${err.split(' ').slice(3).join(' ').slice(0, 60)}"; writes by second=${rowsAfter - rows}; integrity=${integ}; (a) single-instance lock needs Electron (see test/unit/electron/main-lifecycle.test.ts)`,
      ),
    ).toBe(true);
  });

  it('R20 wall-clock jumps during a timed drill do not change durations', async () => {
    let wall = Date.UTC(2026, 2, 29, 0, 30); // the night the EU clocks go forward
    let mono = 1_000_000;
    const { h, workspaceId } = await withWorkspace(true, { now: () => new Date(wall), monotonicMs: () => mono });
    const inv = await h.call('inventory:overview', { workspaceId });
    const drillId = (
      await h.call('drills:create', {
        workspaceId,
        scenarioId: 'd7-coding-agent-wipes-shared-drive',
        agentIds: [inv.agents[0]!.id],
        participants: [{ name: 'F', role: 'facilitator' }],
      })
    ).drill.id;
    await h.call('drills:append', { workspaceId, drillId, event: { type: 'start', payload: {} } });
    const step = async (ms: number, jump: number, event: Parameters<typeof h.call<'drills:append'>>[1]['event']) => {
      mono += ms;
      wall += ms + jump;
      return h.call('drills:append', { workspaceId, drillId, event });
    };
    await step(60_000, -3_600_000, { type: 'note', payload: { text: 'wall clock set back 1 h' } });
    await step(120_000, 0, { type: 'checkpoint', payload: { checkpoint: 'declared' } });
    await step(30_000, 86_400_000, { type: 'note', payload: { text: 'wall clock jumps forward 1 day' } });
    await step(0, 0, { type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
    await step(0, 0, { type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
    await step(240_000, 3_600_000, { type: 'checkpoint', payload: { checkpoint: 'contained' } }); // DST-like +1 h
    await step(300_000, -86_400_000 * 2, {
      type: 'checkpoint',
      payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: true, systemOfRecord: 'ledger', dataLossMinutes: 0 },
    });
    mono += 10_000;
    wall += 10_000;
    const view = await h.call('drills:complete', { workspaceId, drillId });
    const events = (await h.call('drills:events', { workspaceId, drillId, afterSeq: 0, limit: 100 })).events;
    h.close();
    removeDir(h.dataDir);
    const truth = { ttd: 180_000, ttc: 450_000, ttr: 750_000, elapsed: 760_000 };
    const got = {
      ttd: view.measures.ttd?.measuredMs ?? NaN,
      ttc: view.measures.ttc?.measuredMs ?? NaN,
      ttr: view.measures.ttr?.measuredMs ?? NaN,
      elapsed: view.measures.elapsed.measuredMs,
    };
    const maxErr = Math.max(...(Object.keys(truth) as (keyof typeof truth)[]).map((k) => Math.abs(got[k] - truth[k])));
    const orderViolations = events.filter(
      (e, i) => i > 0 && (e.seq !== events[i - 1]!.seq + 1 || e.monotonicMs < events[i - 1]!.monotonicMs),
    ).length;
    const wallBackwards = events.filter((e, i) => i > 0 && e.wallClock < events[i - 1]!.wallClock).length;
    const pass = maxErr <= 50 && orderViolations === 0;
    expect(
      report(
        'R20',
        pass,
        `wall jumps=-3600 s, +86400 s, +3600 s (DST night), -172800 s; duration error vs monotonic truth=${maxErr} ms (ttd=${got.ttd} ttc=${got.ttc} ttr=${got.ttr} elapsed=${got.elapsed}); event order violations=${orderViolations}; wall clock went backwards in ${wallBackwards} events (recorded, not used for durations); suspend/resume sub-case needs Electron powerMonitor`,
      ),
    ).toBe(true);
  });
});
