/**
 * Every shipped live-fire scenario, for real: a seeded SQLite sandbox, the rogue child process on the
 * scenario's timeline (600x), the kill switch, the team's restore, and the verification against the
 * pre-incident snapshot. Three runs per scenario: its own "before" step, a separate backup, no backup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_YAML } from '../../../core/drills/builtin';
import { rogueTimeline, type SandboxSpec } from '../../../core/drills/live-fire';
import { parseScenarioYaml } from '../../../core/drills/parse';
import { LiveFireDrill, liveChildren, pidAlive, type ChildScripts } from '../../../electron/services/live-fire/index';
import { buildChildScripts, makeParentDir, removeDir, roguePids } from './helpers';

const LIVE = Object.entries(BUILTIN_SCENARIO_YAML).flatMap(([file, yaml]) => {
  const r = parseScenarioYaml(yaml);
  if (!r.ok) throw new Error(`${file} does not parse`);
  return r.scenario.sandbox ? [{ id: r.scenario.id, sandbox: r.scenario.sandbox }] : [];
});
const TIME_SCALE = 600;

let scripts: ChildScripts & { dist: string };
let parentDir = '';

beforeAll(async () => {
  scripts = await buildChildScripts();
  parentDir = makeParentDir();
});

afterAll(() => {
  removeDir(parentDir);
  expect(liveChildren()).toBe(0);
  expect(roguePids(scripts.dist)).toEqual([]);
  removeDir(scripts.dist);
});

const start = (sandbox: SandboxSpec) => LiveFireDrill.start({ sandbox, timeScale: TIME_SCALE, scripts, parentDir });
const totalRows = (spec: SandboxSpec) => spec.seed.tables.reduce((n, t) => n + t.rows, 0) + spec.before.writesAfterBackup;

it('the library has D1 and at least three more live-fire scenarios', () => {
  expect(LIVE.map((s) => s.id)).toContain('d1-prod-db-dropped-during-freeze');
  expect(LIVE.length).toBeGreaterThanOrEqual(4);
});

describe.each(LIVE)('$id', ({ sandbox }) => {
  it('the rogue damages the data, the kill switch stops it, and its next write fails', async () => {
    const drill = await start(sandbox);
    try {
      const before = drill.rowCounts();
      const statements = await drill.timelineDone();
      expect(statements).toBe(sandbox.rogue.timeline.length);
      const log = drill.statementLog();
      expect(log).toHaveLength(statements);
      expect(log.every((e) => e.outcome === 'ok')).toBe(true);
      expect(log.map((e) => e.action)).toEqual(rogueTimeline(sandbox).map((a) => a.action));
      // What customers see has changed, and the console sees it too.
      expect(drill.rowCounts()).not.toEqual(before);
      const damaged = drill.sandbox.verify(drill.preIncident, new Date());
      expect(damaged.matches).toBe(false);

      const pid = drill.rogue!.pid!;
      expect(pidAlive(pid)).toBe(true); // a real rogue waits around after its timeline
      const contained = await drill.contain();
      expect(contained.verified).toBe(true);
      expect(contained.checks.map((c) => [c.check, c.ok])).toEqual([
        ['rogue process stopped', true],
        ['credential revoked', true],
        ['write attempt with the rogue credential failed', true],
        ['data unchanged during the attempt', true],
      ]);
      expect(contained.checks[2]!.detail).toMatch(/^refused: the rogue credential was revoked/);
      expect(pidAlive(pid)).toBe(false);
      // The refused probe is in the statement log too, as an attempt that failed.
      expect(drill.statementLog().at(-1)).toMatchObject({ action: 'containment-probe', outcome: 'refused', rowsChanged: 0 });
    } finally {
      await drill.end();
    }
  });

  it("a restore from the team's separate backup passes the verification", async () => {
    const drill = await start({ ...sandbox, before: { backup: 'take', location: 'separate', writesAfterBackup: 0 } });
    try {
      await drill.timelineDone();
      await drill.contain();
      expect(drill.verifyRecovery().recovered).toBe(false);
      await drill.restore();
      const v = drill.verifyRecovery();
      expect(v).toMatchObject({ recovered: true, rowsLost: 0, rowsChanged: 0, rowsExtra: 0, restoredFrom: drill.backup!.file });
      expect(v.tables.every((t) => t.matches && t.actualRows === t.expectedRows)).toBe(true);
      expect(v.rpoMs).toBeGreaterThanOrEqual(0);
      expect(v.rpoMs!).toBeLessThan(60_000);
    } finally {
      await drill.end();
    }
  });

  it('with no backup, the restore has nothing to use and the real data loss is reported', async () => {
    const drill = await start({ ...sandbox, before: { backup: 'none', location: 'separate', writesAfterBackup: 0 } });
    try {
      await drill.timelineDone();
      await drill.contain();
      await expect(drill.restore()).rejects.toThrow(/No backup survives/);
      const v = drill.verifyRecovery();
      expect(v.recovered).toBe(false);
      expect(v.restoredFrom).toBeNull();
      expect(v.rpoMs).toBeNull();
      expect(v.rowsLost + v.rowsChanged).toBeGreaterThan(0);
      expect(v.rowsLost).toBeLessThanOrEqual(totalRows(sandbox));
      // Per table: what the counts say equals what the row-level comparison says.
      for (const t of v.tables) expect(t.expectedRows - t.rowsLost + t.rowsExtra).toBe(t.actualRows);
    } finally {
      await drill.end();
    }
  });

  it("with the scenario's own before step, the outcome is what its backup habit allows", async () => {
    const drill = await start(sandbox);
    try {
      await drill.timelineDone();
      await drill.contain();
      const rogueDeletesBackups = sandbox.rogue.timeline.some((a) => a.action === 'delete-backup');
      const reachable = sandbox.before.backup === 'take' && !(sandbox.before.location === 'same-volume' && rogueDeletesBackups);
      if (!reachable) {
        await expect(drill.restore()).rejects.toThrow(/No backup survives/);
        expect(drill.verifyRecovery()).toMatchObject({ recovered: false, rpoMs: null });
        return;
      }
      await drill.restore();
      const v = drill.verifyRecovery();
      // Orders placed after the backup are the real RPO: exactly those rows are lost.
      expect(v.rowsLost).toBe(sandbox.before.writesAfterBackup);
      expect(v.recovered).toBe(sandbox.before.writesAfterBackup === 0);
      expect(v.rpoMs).not.toBeNull();
    } finally {
      await drill.end();
    }
  });
});
