import { describe, expect, it } from 'vitest';
import { computeMeasures } from '../../../core/drills/measures';
import { formatT, replay } from '../../../core/drills/machine';
import { dueInjects, nextInject } from '../../../core/drills/scheduler';
import { FakeDrill, MIN } from './fixtures';

const recovered = {
  type: 'checkpoint' as const,
  payload: {
    checkpoint: 'recovered' as const,
    verifiedAgainstSystemOfRecord: true,
    systemOfRecord: 'orders row counts vs ledger',
    dataLossMinutes: 5,
  },
};

describe('drill state machine: timing', () => {
  it('measures TTD/TTC/TTR from T0 on the monotonic offset', () => {
    const d = new FakeDrill().start();
    d.advance(4 * MIN).do({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    d.advance(6 * MIN).contain();
    d.advance(20 * MIN)
      .do(recovered)
      .do({ type: 'complete', payload: {} });
    const m = computeMeasures(d.setup, d.state);
    expect(m.ttd?.measuredMs).toBe(4 * MIN);
    expect(m.ttc?.measuredMs).toBe(10 * MIN);
    expect(m.ttr?.measuredMs).toBe(30 * MIN);
    expect(m.ttr?.scenarioMs).toBe(30 * MIN);
    expect(m.dataLoss).toEqual({ minutes: 5, rpoMinutes: 15, withinRpo: true });
  });

  it('excludes pauses from measured time and records them', () => {
    const d = new FakeDrill().start();
    d.advance(2 * MIN).do({ type: 'pause', payload: { reason: 'lunch' } });
    d.advance(45 * MIN).do({ type: 'note', payload: { text: 'noted during the pause' } });
    d.advance(15 * MIN).do({ type: 'resume', payload: {} });
    d.advance(3 * MIN).do({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    const m = computeMeasures(d.setup, d.state);
    expect(m.ttd?.measuredMs).toBe(5 * MIN);
    expect(m.pausedMs).toBe(60 * MIN);
    expect(m.pauseCount).toBe(1);
    expect(d.state.pauses[0]).toMatchObject({ startMs: 2 * MIN, endMs: 62 * MIN, reason: 'lunch' });
  });

  it('closes an open pause at completion and does not count it', () => {
    const d = new FakeDrill().start();
    d.advance(10 * MIN).do({ type: 'pause', payload: {} });
    d.advance(30 * MIN).do({ type: 'complete', payload: {} });
    const m = computeMeasures(d.setup, d.state);
    expect(m.elapsed.measuredMs).toBe(10 * MIN);
    expect(m.pausedMs).toBe(30 * MIN);
  });

  it('a wall-clock jump (backwards or forwards) changes no duration', () => {
    const d = new FakeDrill().start();
    d.advance(3 * MIN).jumpWall(-60 * MIN); // DST / NTP / the user
    d.do({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    d.advance(2 * MIN)
      .jumpWall(+5 * 3600_000)
      .contain();
    const m = computeMeasures(d.setup, d.state);
    expect(m.ttd?.measuredMs).toBe(3 * MIN);
    expect(m.ttc?.measuredMs).toBe(5 * MIN);
    // the wall clock is still recorded as it was
    expect(d.state.checkpoints.declared?.wallClock).toBe('2026-03-28T23:33:00.000Z');
  });

  it('reports scenario time at a time scale', () => {
    const d = new FakeDrill(10).start();
    d.advance(30_000).do({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    const m = computeMeasures(d.setup, d.state);
    expect(m.ttd).toEqual({ measuredMs: 30_000, scenarioMs: 5 * MIN });
    expect(formatT(m.ttd!.scenarioMs)).toBe('T+05:00');
    expect(formatT(3 * 3600_000 + 61_000)).toBe('T+3:01:01');
  });

  it('an app gap keeps the offset, is recorded with its wall-clock length, and adds no measured time', () => {
    const d = new FakeDrill().start();
    d.advance(5 * MIN).do({ type: 'note', payload: { text: 'before crash' } });
    d.jumpWall(7 * MIN);
    d.do({ type: 'app-gap', payload: { wallGapMs: 7 * MIN, lastWallClock: 'a', resumedWallClock: 'b' } });
    d.advance(1 * MIN).do({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    const m = computeMeasures(d.setup, d.state);
    expect(m.ttd?.measuredMs).toBe(6 * MIN);
    expect(m.appGapWallMs).toBe(7 * MIN);
    expect(m.appGapCount).toBe(1);
  });
});

describe('drill state machine: injects', () => {
  it('releases on schedule only when due, at the time scale, excluding pauses', () => {
    const d = new FakeDrill(5).start();
    expect(dueInjects(d.setup, d.state, 0).map((i) => i.id)).toEqual(['first']);
    d.do({ type: 'inject', payload: { injectId: 'first', action: 'released' } });
    // 'second' is at T+5 => 60 s measured at x5
    d.advance(30_000)
      .do({ type: 'pause', payload: {} })
      .advance(10 * MIN)
      .do({ type: 'resume', payload: {} });
    expect(dueInjects(d.setup, d.state, 30_000)).toEqual([]);
    expect(nextInject(d.setup, d.state, 30_000)?.id).toBe('second');
    expect(d.refused({ type: 'inject', payload: { injectId: 'second', action: 'released' } })).toMatch(/not due until T\+5/);
    d.advance(30_000);
    expect(dueInjects(d.setup, d.state, 60_000).map((i) => i.id)).toEqual(['second']);
    d.do({ type: 'inject', payload: { injectId: 'second', action: 'released' } });
    expect(d.state.injects.second).toMatchObject({ status: 'released', how: 'schedule' });
  });

  it('holds stop the schedule; unhold makes it due again; release now works early and from a hold', () => {
    const d = new FakeDrill().start();
    d.do({ type: 'inject', payload: { injectId: 'second', action: 'held' } });
    d.advance(6 * MIN);
    expect(dueInjects(d.setup, d.state, 6 * MIN).map((i) => i.id)).toEqual(['first']);
    expect(d.refused({ type: 'inject', payload: { injectId: 'second', action: 'released' } })).toMatch(/on hold/);
    expect(d.refused({ type: 'inject', payload: { injectId: 'second', action: 'held' } })).toMatch(/already on hold/);
    d.do({ type: 'inject', payload: { injectId: 'second', action: 'unheld' } });
    expect(dueInjects(d.setup, d.state, 6 * MIN).map((i) => i.id)).toEqual(['first', 'second']);
    d.do({ type: 'inject', payload: { injectId: 'third', action: 'released-now' } });
    expect(d.state.injects.third).toMatchObject({ status: 'released', how: 'now', atMs: 6 * MIN });
    d.do({ type: 'inject', payload: { injectId: 'second', action: 'held' } });
    d.do({ type: 'inject', payload: { injectId: 'second', action: 'released-now' } });
    expect(d.state.injects.second).toMatchObject({ status: 'released', wasHeld: true });
    expect(computeMeasures(d.setup, d.state).injects).toMatchObject({ released: 2, releasedEarly: 2, pending: 1 });
  });

  it('skips: a skipped inject is never due and cannot be released', () => {
    const d = new FakeDrill().start();
    d.do({ type: 'inject', payload: { injectId: 'first', action: 'skipped' } });
    expect(dueInjects(d.setup, d.state, 0)).toEqual([]);
    expect(d.refused({ type: 'inject', payload: { injectId: 'first', action: 'released-now' } })).toMatch(/skipped/);
    expect(d.refused({ type: 'inject', payload: { injectId: 'first', action: 'held' } })).toMatch(/skipped/);
    expect(computeMeasures(d.setup, d.state).injects.skipped).toBe(1);
  });

  it('nothing is due while paused', () => {
    const d = new FakeDrill().start().advance(MIN).do({ type: 'pause', payload: {} });
    expect(dueInjects(d.setup, d.state, MIN)).toEqual([]);
  });
});

describe('drill state machine: decisions', () => {
  it('marks expected decisions on time, late, missed; accuracy = made / total', () => {
    const d = new FakeDrill().start();
    d.advance(8 * MIN).do({ type: 'decision', payload: { text: 'Halt it now', expectedDecisionId: 'halt' } });
    d.advance(6 * MIN).do({ type: 'decision', payload: { text: 'Do not trust the agent', expectedDecisionId: 'distrust' } });
    d.do({ type: 'decision', payload: { text: 'Halt again', expectedDecisionId: 'halt' } });
    let m = computeMeasures(d.setup, d.state);
    expect(m.decisions.find((x) => x.id === 'restore')?.outcome).toBe('pending');
    m = computeMeasures(d.setup, d.state, 26 * MIN);
    expect(m.decisions.find((x) => x.id === 'restore')?.outcome).toBe('overdue');
    d.advance(20 * MIN).do({ type: 'complete', payload: {} });
    m = computeMeasures(d.setup, d.state);
    expect(m.decisions.map((x) => [x.id, x.outcome])).toEqual([
      ['halt', 'on-time'],
      ['distrust', 'late'],
      ['restore', 'missed'],
    ]);
    expect(m.decisions[1]?.lateByMs).toBe(2 * MIN);
    expect(m.decisionAccuracy).toBeCloseTo(2 / 3);
    expect(m.onTimeRate).toBeCloseTo(1 / 3);
    expect(m.logEntries).toBe(3);
  });

  it('judges deadlines on the scenario clock at a time scale', () => {
    const d = new FakeDrill(10).start();
    d.advance(61_000).do({ type: 'decision', payload: { text: 'Halt', expectedDecisionId: 'halt' } }); // T+10:10
    expect(computeMeasures(d.setup, d.state).decisions[0]?.outcome).toBe('late');
  });

  it('refuses a link to an unknown expected decision', () => {
    const d = new FakeDrill().start();
    expect(d.refused({ type: 'decision', payload: { text: 'x', expectedDecisionId: 'nope' } })).toMatch(/no expected decision "nope"/);
  });
});

describe('drill state machine: every refused transition', () => {
  it('before start: anything but start', () => {
    const d = new FakeDrill();
    expect(d.refused({ type: 'note', payload: { text: 'hi' } })).toMatch(/not started/);
    expect(d.refused({ type: 'pause', payload: {} })).toMatch(/not started/);
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'declared' } })).toMatch(/not started/);
    expect(d.refused({ type: 'complete', payload: {} })).toMatch(/not started/);
  });

  it('start twice, start not at offset 0', () => {
    const d = new FakeDrill();
    d.advance(5);
    expect(d.refused({ type: 'start', payload: {} })).toMatch(/offset 0/);
    const e = new FakeDrill().start();
    expect(e.refused({ type: 'start', payload: {} })).toMatch(/already started/);
  });

  it('out-of-sequence and backwards time', () => {
    const d = new FakeDrill().start().advance(MIN);
    d.seq += 1; // skip a number
    expect(d.refused({ type: 'note', payload: { text: 'x' } })).toMatch(/Out of sequence: expected event 2, got 3/);
    d.seq -= 1;
    d.do({ type: 'note', payload: { text: 'ok' } });
    d.mono -= 1;
    expect(d.refused({ type: 'note', payload: { text: 'x' } })).toMatch(/cannot go backwards/);
  });

  it('pause twice, resume when not paused', () => {
    const d = new FakeDrill().start();
    expect(d.refused({ type: 'resume', payload: {} })).toMatch(/not paused/);
    d.do({ type: 'pause', payload: {} });
    expect(d.refused({ type: 'pause', payload: {} })).toMatch(/already paused/);
  });

  it('while paused: no checkpoints and no releases', () => {
    const d = new FakeDrill().start().do({ type: 'pause', payload: {} });
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'declared' } })).toMatch(/paused/);
    expect(d.refused({ type: 'inject', payload: { injectId: 'first', action: 'released' } })).toMatch(/paused/);
    expect(d.refused({ type: 'inject', payload: { injectId: 'third', action: 'released-now' } })).toMatch(/paused/);
    d.do({ type: 'inject', payload: { injectId: 'third', action: 'held' } }); // holds are fine
  });

  it('checkpoint order: Contained before Declared, Recovered before Contained, duplicates', () => {
    const d = new FakeDrill().start();
    d.do({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
    d.do({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'contained' } })).toMatch(/Declare the incident/);
    expect(d.refused(recovered)).toMatch(/Recovered cannot come before Contained/);
    d.advance(MIN).do({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'declared' } })).toMatch(/Detected was already recorded \(T\+01:00\)/);
    d.do({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'contained' } })).toMatch(/already recorded/);
    d.do(recovered);
    expect(d.refused(recovered)).toMatch(/already recorded/);
  });

  it('Contained needs BOTH agent halted and credentials revoked', () => {
    const d = new FakeDrill().start().do({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'contained' } })).toMatch(/agent halted and credentials revoked/);
    d.do({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'contained' } })).toMatch(/Not yet confirmed: credentials revoked\./);
    expect(d.refused({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } })).toMatch(/already confirmed/);
    expect(d.refused({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: false } })).toMatch(/nothing to withdraw/);
    d.do({ type: 'containment', payload: { step: 'agent-halted', confirmed: false } }); // withdrawn
    d.do({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } });
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'contained' } })).toMatch(/Not yet confirmed: agent halted\./);
    d.do({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } });
    d.do({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
    expect(d.refused({ type: 'containment', payload: { step: 'agent-halted', confirmed: false } })).toMatch(/can no longer change/);
  });

  it('Recovered needs verification against the system of record', () => {
    const d = new FakeDrill()
      .start()
      .do({ type: 'checkpoint', payload: { checkpoint: 'declared' } })
      .contain();
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'recovered' } })).toMatch(/verified against the system of record/);
    expect(d.refused({ type: 'checkpoint', payload: { checkpoint: 'recovered', verifiedAgainstSystemOfRecord: true } })).toMatch(
      /Say what the restore was verified against/,
    );
  });

  it('unknown inject, already released, unhold when not held, invalid payload', () => {
    const d = new FakeDrill().start();
    expect(d.refused({ type: 'inject', payload: { injectId: 'ghost', action: 'released-now' } })).toMatch(/no inject "ghost"/);
    d.do({ type: 'inject', payload: { injectId: 'first', action: 'released' } });
    expect(d.refused({ type: 'inject', payload: { injectId: 'first', action: 'released-now' } })).toMatch(/already released/);
    expect(d.refused({ type: 'inject', payload: { injectId: 'second', action: 'unheld' } })).toMatch(/not on hold/);
    expect(d.refused({ type: 'note', payload: { text: '   ' } })).toMatch(/Type something/);
    expect(d.refused({ type: 'app-gap', payload: { wallGapMs: -1, lastWallClock: '', resumedWallClock: '' } } as never)).toBeTruthy();
  });

  it('an app gap may be stamped after the last event (last heartbeat) but never before it', () => {
    const d = new FakeDrill().start().advance(10);
    d.do({ type: 'app-gap', payload: { wallGapMs: 5, lastWallClock: 'a', resumedWallClock: 'b' } });
    expect(d.state.lastOffsetMs).toBe(10);
    d.mono = 5;
    expect(d.refused({ type: 'app-gap', payload: { wallGapMs: 5, lastWallClock: 'a', resumedWallClock: 'b' } })).toMatch(
      /cannot go backwards/,
    );
  });

  it('after completion: every event is refused', () => {
    const d = new FakeDrill().start().advance(MIN).do({ type: 'complete', payload: {} });
    const bodies = [
      { type: 'note', payload: { text: 'late note' } },
      { type: 'decision', payload: { text: 'x' } },
      { type: 'pause', payload: {} },
      { type: 'resume', payload: {} },
      { type: 'start', payload: {} },
      { type: 'complete', payload: {} },
      { type: 'inject', payload: { injectId: 'second', action: 'released-now' } },
      { type: 'checkpoint', payload: { checkpoint: 'declared' } },
      { type: 'containment', payload: { step: 'agent-halted', confirmed: true } },
      { type: 'app-gap', payload: { wallGapMs: 1, lastWallClock: 'a', resumedWallClock: 'b' } },
      { type: 'timer', payload: { timerId: 'log-query', action: 'started' } },
    ] as const;
    for (const b of bodies) expect(d.refused(b)).toMatch(/completed/);
  });
});

describe('drill state machine: timed questions', () => {
  it('times the standard log-query and owner-reach questions on the scenario clock, pauses excluded', () => {
    const d = new FakeDrill(2).start();
    d.advance(MIN).do({ type: 'timer', payload: { timerId: 'log-query', action: 'started' } });
    d.advance(MIN)
      .do({ type: 'pause', payload: {} })
      .advance(10 * MIN)
      .do({ type: 'resume', payload: {} });
    d.advance(MIN).do({ type: 'timer', payload: { timerId: 'log-query', action: 'stopped' } });
    d.do({ type: 'timer', payload: { timerId: 'owner-reach', action: 'started' } }).advance(30_000);
    const m = computeMeasures(d.setup, d.state, d.mono);
    expect(m.timers.find((t) => t.id === 'log-query')).toMatchObject({
      status: 'done',
      duration: { measuredMs: 2 * MIN, scenarioMs: 4 * MIN },
      controls: ['LOG-3'],
    });
    expect(m.timers.find((t) => t.id === 'owner-reach')).toMatchObject({ status: 'running', duration: { measuredMs: 30_000 } });
  });

  it('refuses unknown timers, double start, stop before start, double stop', () => {
    const d = new FakeDrill().start();
    expect(d.refused({ type: 'timer', payload: { timerId: 'nope', action: 'started' } })).toMatch(/no timer "nope"/);
    expect(d.refused({ type: 'timer', payload: { timerId: 'log-query', action: 'stopped' } })).toMatch(/before stopping/);
    d.do({ type: 'timer', payload: { timerId: 'log-query', action: 'started' } });
    expect(d.refused({ type: 'timer', payload: { timerId: 'log-query', action: 'started' } })).toMatch(/already started/);
    d.do({ type: 'timer', payload: { timerId: 'log-query', action: 'stopped' } });
    expect(d.refused({ type: 'timer', payload: { timerId: 'log-query', action: 'stopped' } })).toMatch(/already stopped/);
  });
});

describe('replay', () => {
  it('rebuilds the same state from stored events and rejects a corrupt record', () => {
    const d = new FakeDrill().start();
    const events: Parameters<typeof replay>[1][number][] = [];
    const record = (body: Parameters<FakeDrill['do']>[0]) => {
      const r = d.try(body);
      if (!r.ok) throw new Error(r.message);
      events.push(r.event);
    };
    events.push({ seq: 1, monotonicMs: 0, wallClock: d.state.startWallClock!, type: 'start', payload: {} });
    d.advance(MIN);
    record({ type: 'checkpoint', payload: { checkpoint: 'declared' } });
    d.advance(MIN);
    record({ type: 'pause', payload: { reason: 'x' } });
    expect(replay(d.setup, events)).toEqual(d.state);
    const bad = [...events.slice(0, 1), { ...events[2]!, seq: 2 }, { ...events[1]!, seq: 3 }];
    expect(() => replay(d.setup, [...events, ...bad.slice(1)])).toThrow(/does not replay at event 2|does not replay/);
  });
});
