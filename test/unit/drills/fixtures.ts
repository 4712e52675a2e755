import type { EventBodyInput } from '../../../core/drills/events';
import { applyEvent, initialState, type DrillSetup, type DrillState } from '../../../core/drills/machine';
import { ScenarioSchema, type ScenarioInput } from '../../../core/drills/scenario';

export const miniScenario: ScenarioInput = {
  id: 'mini',
  title: 'Mini drill for {{agent.name}}',
  summary: 'A short scenario used by the tests.',
  basedOn: { incident: 'Test incident', source: 'https://example.org/incident' },
  objectives: ['Halt the agent'],
  roles: ['facilitator', 'incident-commander'],
  durationMinutes: 30,
  rpoMinutes: 15,
  controls: ['HITL-2', 'REC-2'],
  injects: [
    { id: 'first', at: 0, title: 'Errors', text: 'Errors on {{system.production.name}}' },
    { id: 'second', at: 5, title: 'Agent claims success', text: 'All good says {{agent.name}}' },
    { id: 'third', at: 10, title: 'Backups exist', text: 'PITR available' },
  ],
  phases: [
    {
      id: 'contain',
      title: 'Contain',
      decisions: [
        { id: 'halt', text: 'Halt the agent', by: 10, controls: ['HITL-2'] },
        { id: 'distrust', text: 'Check claims', by: 12 },
      ],
    },
    { id: 'recover', title: 'Recover', decisions: [{ id: 'restore', text: 'Restore via PITR', by: 25 }] },
  ],
};

export const MIN = 60_000;

/**
 * A fake monotonic clock plus a fake wall clock that can jump. `advance` moves both;
 * `jumpWall` moves only the wall clock (NTP, DST, the user changing the time).
 */
export class FakeDrill {
  setup: DrillSetup;
  state: DrillState;
  mono = 0;
  wall = Date.parse('2026-03-29T00:30:00Z');
  seq = 0;

  constructor(timeScale = 1, scenario: ScenarioInput = miniScenario) {
    this.setup = { scenario: ScenarioSchema.parse(scenario), timeScale };
    this.state = initialState(this.setup);
  }

  advance(ms: number): this {
    this.mono += ms;
    this.wall += ms;
    return this;
  }

  jumpWall(ms: number): this {
    this.wall += ms;
    return this;
  }

  /** Try an event now; on success the state moves on. Returns the result. */
  try(body: EventBodyInput) {
    const r = applyEvent(
      this.setup,
      this.state,
      { seq: this.seq + 1, monotonicMs: this.mono, wallClock: new Date(this.wall).toISOString() },
      body,
    );
    if (r.ok) {
      this.state = r.state;
      this.seq += 1;
    }
    return r;
  }

  /** Apply an event that must be accepted. */
  do(body: EventBodyInput): this {
    const r = this.try(body);
    if (!r.ok) throw new Error(`refused: ${r.message}`);
    return this;
  }

  /** Apply an event that must be refused; returns the message. State must not change. */
  refused(body: EventBodyInput): string {
    const before = this.state;
    const r = this.try(body);
    if (r.ok) throw new Error(`expected refusal of ${body.type}`);
    if (this.state !== before) throw new Error('state changed on refusal');
    return r.message;
  }

  start(): this {
    return this.do({ type: 'start', payload: {} });
  }

  contain(): this {
    return this.do({ type: 'containment', payload: { step: 'agent-halted', confirmed: true } })
      .do({ type: 'containment', payload: { step: 'credentials-revoked', confirmed: true } })
      .do({ type: 'checkpoint', payload: { checkpoint: 'contained' } });
  }
}
