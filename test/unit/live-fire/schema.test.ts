import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_YAML } from '../../../core/drills/builtin';
import { SandboxSpec, rogueTimeline } from '../../../core/drills/live-fire';
import { parseScenarioYaml } from '../../../core/drills/parse';

const scenarios = Object.values(BUILTIN_SCENARIO_YAML).map((y) => {
  const r = parseScenarioYaml(y);
  if (!r.ok) throw new Error('invalid shipped scenario');
  return r.scenario;
});

const base = {
  seed: {
    seed: 1,
    tables: [
      { name: 'customers', rows: 100 },
      { name: 'orders', rows: 100 },
    ],
  },
  before: { backup: 'take' },
  rogue: { timeline: [{ at: 5, action: 'mass-delete', table: 'orders' }] },
};

describe('the sandbox block', () => {
  it('is optional: the tabletop scenarios have none, and D1 plus at least three incident scenarios have one', () => {
    const live = scenarios.filter((s) => s.sandbox).map((s) => s.id);
    expect(live).toContain('d1-prod-db-dropped-during-freeze');
    expect(live.length).toBeGreaterThanOrEqual(4);
    expect(scenarios.some((s) => !s.sandbox)).toBe(true);
    // the figure for the closing note
    const incidents = scenarios.filter((s) => s.basedOn.kind === 'incident').length;
    console.info(`scenarios ${scenarios.length}, based on incidents ${incidents}, live-fire ${live.length}`);
    expect(incidents).toBeGreaterThanOrEqual(10);
  });

  it('applies defaults and sorts the timeline by offset', () => {
    const s = SandboxSpec.parse({ ...base, rogue: { timeline: [{ at: 9, action: 'delete-backup' }, ...base.rogue.timeline] } });
    expect(s).toMatchObject({ engine: 'sqlite', before: { location: 'separate', writesAfterBackup: 0 }, rogue: { maxStatements: 100 } });
    expect(rogueTimeline(s).map((a) => a.action)).toEqual(['mass-delete', 'delete-backup']);
  });

  it.each([
    [{ ...base, seed: { seed: 1, tables: [{ name: 'orders', rows: 10 }] } }, 'seed.tables', /orders needs customers/],
    [{ ...base, seed: { seed: 1, tables: [{ name: 'users', rows: 10 }] } }, 'seed.tables.0.name', /seed tables/],
    [{ ...base, seed: { seed: 1, tables: [{ name: 'customers', rows: 10_000_000 }] } }, 'seed.tables.0.rows', /.+/],
    [{ ...base, rogue: { timeline: [{ at: 1, action: 'mass-delete', table: 'invoices' }] } }, 'rogue.timeline.0.table', /not seeded/],
    [
      { ...base, rogue: { timeline: [{ at: 1, action: 'corrupt-column', table: 'orders', column: 'ssn' }] } },
      'rogue.timeline.0.column',
      /Use a column/,
    ],
    [{ ...base, rogue: { timeline: [{ at: 1, action: 'format-disk' }] } }, 'rogue.timeline.0.action', /Use one of/],
    [
      {
        ...base,
        rogue: {
          timeline: [
            { at: 1, action: 'drop-table', table: 'orders' },
            { at: 2, action: 'mass-delete', table: 'orders' },
          ],
        },
      },
      'rogue.timeline.1.table',
      /already dropped/,
    ],
    [{ ...base, before: { backup: 'maybe' } }, 'before.backup', /take or none/],
    [{ ...base, engine: 'mysql' }, 'engine', /sqlite/],
  ])('refuses a bad block with the field named (%#)', (input, path, message) => {
    const r = SandboxSpec.safeParse(input);
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.error.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            path: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
            message: expect.stringMatching(message),
          }),
        ]),
      );
  });

  it('a scenario file whose sandbox block is bad is refused with its line', () => {
    const d1 = BUILTIN_SCENARIO_YAML['d1-prod-db-dropped-during-freeze.yaml']!;
    const r = parseScenarioYaml(d1.replace('action: junk-rows, table: customers', 'action: junk-rows, table: payroll'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ field: 'sandbox.rogue.timeline.2.table', line: expect.any(Number) });
  });
});
