/**
 * One load run against instances that are already up (issue 14 §7): seed, sign everyone in, run
 * the editors and drill runners together for `seconds`, then check. Used by `npm run load:team`
 * (server processes) and by test/integration/team/load.test.ts (in-process servers, CI-sized).
 */
import type { TeamService } from '../../electron/services/team/service';
import { checkRun, type CheckResult } from './checks';
import { Recorder, TeamClient } from './client';
import { seedTeam } from './seed';
import { runDrill, runEditor, type AckedEdit, type AckedEvent } from './workload';

export type LoadOptions = { seconds: number; clients: number; drills: number; agents: number };
export type LoadResult = {
  options: LoadOptions;
  instances: number;
  elapsedMs: number;
  recorder: Recorder;
  edits: AckedEdit[];
  events: AckedEvent[];
  conflicts: number;
  gaveUp: number;
  checks: CheckResult;
};

export async function runTeamLoad(service: TeamService, origins: string[], options: LoadOptions): Promise<LoadResult> {
  const seeded = await seedTeam(service, origins[0]!, { editors: options.clients, drills: options.drills, agents: options.agents });
  const recorder = new Recorder();
  // Everyone signs in before the clock starts (spread over the instances; a session works on every one).
  const editors = await Promise.all(
    seeded.editors.map(async (p, i) => {
      const c = new TeamClient(p.name, p.address, recorder);
      await c.signIn(origins[i % origins.length]!, p.email, p.password);
      return c;
    }),
  );
  const runners = await Promise.all(
    seeded.facilitators.map(async (p, i) => {
      const c = new TeamClient(p.name, p.address, recorder);
      await c.signIn(origins[(i + 1) % origins.length]!, p.email, p.password);
      return c;
    }),
  );
  const t0 = performance.now();
  const until = t0 + options.seconds * 1000;
  const [tallies, timelines] = await Promise.all([
    Promise.all(editors.map((c, i) => runEditor(c, origins, seeded.targets, until, i + 1))),
    Promise.all(runners.map((c, i) => runDrill(c, origins, seeded.drillIds[i]!, until, i))),
  ]);
  const elapsedMs = performance.now() - t0;
  const edits = tallies.flatMap((t) => t.acked);
  const events = timelines.flat();
  const checks = await checkRun(seeded.admin, origins, seeded.targets, edits, events);
  return {
    options,
    instances: origins.length,
    elapsedMs,
    recorder,
    edits,
    events,
    conflicts: tallies.reduce((n, t) => n + t.conflicts, 0),
    gaveUp: tallies.reduce((n, t) => n + t.gaveUp, 0),
    checks,
  };
}
