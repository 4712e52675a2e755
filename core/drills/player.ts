import type { DrillEvent } from './events';
import type { DrillView } from './model';

/**
 * The player view of a drill (issue 14 §5): what the people playing it may see. Released injects,
 * the clock and the log; never an inject that is not released yet (upcoming, held or skipped), nor
 * the expected decisions the facilitator scores them against.
 */
export function playerView(view: DrillView): DrillView {
  const released = new Set(releasedInjectIds(view));
  // The live-fire rogue's timeline is the facilitator's script too.
  const { sandbox: _script, ...scenario } = view.scenario;
  return {
    ...view,
    scenario: {
      ...scenario,
      injects: view.scenario.injects.filter((i) => released.has(i.id)),
      phases: view.scenario.phases.map((p) => ({ ...p, decisions: [] })),
      checkpoints: {},
      measures: [],
    },
    state: {
      ...view.state,
      injects: Object.fromEntries(Object.entries(view.state.injects).filter(([id]) => released.has(id))),
      decisionsMade: {},
    },
    measures: { ...view.measures, decisions: [], onTime: 0, late: 0, missed: 0, decisionAccuracy: null, onTimeRate: null },
    fallbacks: [],
    nextInject: null,
  };
}

/** Injects the players have been given, in release order. */
export function releasedInjectIds(view: DrillView): string[] {
  return Object.entries(view.state.injects)
    .filter(([, s]) => s.status === 'released')
    .sort(([, a], [, b]) => (a.atMs ?? 0) - (b.atMs ?? 0))
    .map(([id]) => id);
}

/**
 * The log as players see it: inject entries only for released injects (a hold or skip would name
 * an inject they have not seen), and decisions without the expected decision they were matched to.
 */
export function playerEvents(view: DrillView, events: readonly DrillEvent[]): DrillEvent[] {
  const released = new Set(releasedInjectIds(view));
  const out: DrillEvent[] = [];
  for (const e of events) {
    if (e.type === 'inject' && !released.has(e.payload.injectId)) continue;
    if (e.type === 'inject' && e.payload.action !== 'released' && e.payload.action !== 'released-now') continue;
    if (e.type === 'decision') out.push({ ...e, payload: { ...e.payload, expectedDecisionId: null } });
    else out.push(e);
  }
  return out;
}
