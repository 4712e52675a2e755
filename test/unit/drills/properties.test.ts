import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBodyInput } from '../../../core/drills/events';
import { measuredMsAt, replay } from '../../../core/drills/machine';
import { computeMeasures } from '../../../core/drills/measures';
import { FakeDrill } from './fixtures';

const body = fc.oneof(
  fc.constant<EventBodyInput>({ type: 'pause', payload: {} }),
  fc.constant<EventBodyInput>({ type: 'resume', payload: {} }),
  fc.constant<EventBodyInput>({ type: 'note', payload: { text: 'n' } }),
  fc
    .constantFrom('halt', 'distrust', 'restore')
    .map<EventBodyInput>((id) => ({ type: 'decision', payload: { text: 'd', expectedDecisionId: id } })),
  fc
    .constantFrom('first', 'second', 'third')
    .chain((injectId) =>
      fc
        .constantFrom('released', 'released-now', 'skipped', 'held', 'unheld')
        .map<EventBodyInput>((action) => ({ type: 'inject', payload: { injectId, action } as never })),
    ),
  fc
    .constantFrom('agent-halted', 'credentials-revoked')
    .chain((step) => fc.boolean().map<EventBodyInput>((confirmed) => ({ type: 'containment', payload: { step, confirmed } as never }))),
  fc.constantFrom<EventBodyInput>(
    { type: 'checkpoint', payload: { checkpoint: 'declared' } },
    { type: 'checkpoint', payload: { checkpoint: 'contained' } },
    { type: 'checkpoint', payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: true, systemOfRecord: 'ledger' } },
  ),
  fc
    .constantFrom('log-query', 'owner-reach')
    .chain((timerId) =>
      fc.constantFrom('started', 'stopped').map<EventBodyInput>((action) => ({ type: 'timer', payload: { timerId, action } as never })),
    ),
  fc.constant<EventBodyInput>({ type: 'complete', payload: {} }),
);

const step = fc.record({
  advance: fc.integer({ min: 0, max: 10 * 60_000 }),
  wallJump: fc.integer({ min: -3600_000, max: 3600_000 }),
  body,
});

describe('drill state machine properties', () => {
  it('for any sequence of actions: refusals change nothing, replay matches, durations are ordered and wall-clock independent', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.constantFrom(1, 2, 10, 60), (steps, scale) => {
        const d = new FakeDrill(scale).start();
        const accepted = [{ seq: 1, monotonicMs: 0, wallClock: new Date(d.wall).toISOString(), type: 'start', payload: {} }] as Parameters<
          typeof replay
        >[1][number][];
        for (const s of steps) {
          d.advance(s.advance).jumpWall(s.wallJump);
          const before = d.state;
          const r = d.try(s.body);
          if (r.ok) accepted.push(r.event);
          else expect(d.state).toBe(before);
        }
        // the stored record rebuilds exactly the same state
        expect(replay(d.setup, accepted)).toEqual(d.state);
        const m = computeMeasures(d.setup, d.state, d.mono);
        // measured time never exceeds elapsed offset and excludes pauses
        expect(m.elapsed.measuredMs).toBeLessThanOrEqual(d.mono);
        expect(m.elapsed.measuredMs + m.pausedMs).toBe(d.state.completedAtMs ?? d.mono);
        // checkpoints can only happen in order
        if (m.ttc) expect(m.ttd!.measuredMs).toBeLessThanOrEqual(m.ttc.measuredMs);
        if (m.ttr) expect(m.ttc!.measuredMs).toBeLessThanOrEqual(m.ttr.measuredMs);
        if (m.ttd) expect(m.ttd.scenarioMs).toBeCloseTo(m.ttd.measuredMs * scale, 6);
        // the same offsets with a different wall clock give the same measures
        const shifted = accepted.map((e) => ({ ...e, wallClock: new Date(Date.parse(e.wallClock) + 86_400_000 * 3).toISOString() }));
        const again = replay(d.setup, shifted);
        expect(computeMeasures(d.setup, again, d.mono)).toEqual(m);
        for (const t of m.timers) if (t.duration) expect(t.duration.measuredMs).toBeGreaterThanOrEqual(0);
        // every released inject was due (scheduled) or released by hand
        for (const inj of d.setup.scenario.injects) {
          const st = d.state.injects[inj.id]!;
          if (st.status === 'released' && st.how === 'schedule')
            expect(measuredMsAt(d.state, st.atMs!) * scale).toBeGreaterThanOrEqual(inj.at * 60_000 - 1e-6);
        }
      }),
      { numRuns: 300 },
    );
  });
});
