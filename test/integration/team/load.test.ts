import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTeamBackend, type TeamBackend } from '../../../electron/services/team/backend';
import { startTeamServer, type TeamServer } from '../../../electron/serve/team-server';
import { createLogger } from '../../../electron/serve/team-server-log';
import { startPostgres } from '../../support/postgres';
import { errorCount, passed, reportMarkdown } from '../../load/report';
import { runTeamLoad } from '../../load/run-load';
import { FAST } from './team-world';

/**
 * The team load test (issue 14 §7), CI-sized: 6 editors and 2 drill runners for 5 s against two
 * instances on one PostgreSQL and one data folder, over HTTP with real sessions. No acknowledged
 * edit or drill event may be lost, nothing may fail but stale-version conflicts, and the change
 * history must verify. The full run is `npm run load:team` (docs/benchmarks.md).
 */
const pgs = await startPostgres();

describe.skipIf(!pgs.ok)('team server under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ar-team-load-'));
  const running: { backend: TeamBackend; server: TeamServer }[] = [];
  afterAll(async () => {
    for (const i of running) {
      await i.server.close();
      await i.backend.close();
    }
    if (pgs.ok) await pgs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged edit or drill event across two instances, with conflicts but no errors', async () => {
    if (!pgs.ok) return;
    const url = await pgs.createDatabase();
    const logs: string[][] = [[], []];
    for (const log of logs) {
      const backend = await openTeamBackend({ databaseUrl: url, dataDir, policy: { scrypt: FAST } });
      // Behind a proxy (as deployed): each simulated person signs in from their own address.
      const server = await startTeamServer({
        backend,
        staticDir: join(dataDir, 'no-renderer'),
        host: '127.0.0.1',
        port: 0,
        trustProxy: true,
        logger: createLogger((l) => void log.push(l)),
      });
      running.push({ backend, server });
    }
    const r = await runTeamLoad(
      running[0]!.backend.service,
      running.map((i) => i.server.origin),
      { seconds: 5, clients: 6, drills: 2, agents: 3 },
    );
    const table = reportMarkdown(r);
    console.log(`[team-load]\n${table}`);
    expect(r.checks.problems).toEqual([]);
    expect(errorCount(r)).toBe(0);
    expect(r.checks.lostUpdates).toBe(0);
    expect(r.checks.lostEvents).toBe(0);
    expect(r.checks.unrecorded).toBe(0);
    expect(r.checks.history.intact).toBe(true);
    expect(passed(r)).toBe(true);
    // The run did something on both counts, across both instances: the checks had material to judge.
    expect(r.edits.length).toBeGreaterThan(20);
    expect(r.events.length).toBeGreaterThan(20);
    expect(new Set(r.edits.map((e) => e.id)).size).toBeGreaterThan(3);
    for (const log of logs) {
      for (const path of ['/api/agent:update', '/api/grant:update', '/api/drills:append'])
        expect(log.some((l) => l.includes(`"path":"${path}","status":200`))).toBe(true);
      expect(log.join('')).not.toContain('"level":"error"');
    }
  });
});
