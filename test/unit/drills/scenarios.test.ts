import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_YAML } from '../../../core/drills/builtin';
import { formatScenarioIssue, parseScenarioYaml } from '../../../core/drills/parse';
import { findPlaceholders } from '../../../core/drills/template-keys';

const DIR = join(__dirname, '../../../checklists/drills');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

const VALID = `id: tiny
title: Tiny drill
summary: Short.
basedOn:
  incident: Something real
  source: https://example.org/a
objectives: [Halt it]
roles: [facilitator]
durationMinutes: 30
controls: [HITL-2]
injects:
  - id: one
    at: 0
    title: Start
    text: Errors on {{system.production.name|the database}}
phases:
  - id: p1
    title: Contain
    decisions:
      - id: halt
        text: Halt {{agent.name}}
        by: 10
`;

describe('shipped scenarios', () => {
  it('there are at least 7', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  it.each(files)('%s validates, has a source, injects, deadlines and controls', (f) => {
    const r = parseScenarioYaml(readFileSync(join(DIR, f), 'utf8'));
    if (!r.ok) throw new Error(r.issues.map(formatScenarioIssue).join('\n'));
    const s = r.scenario;
    expect(`${s.id}.yaml`).toBe(f);
    expect(s.basedOn.source).toMatch(/^https:\/\//);
    expect(s.injects.length).toBeGreaterThanOrEqual(3);
    expect(s.injects.some((i) => i.at === 0)).toBe(true);
    expect(s.controls.length).toBeGreaterThan(0);
    for (const c of s.controls) expect(c).toMatch(/^(ENV|APR|PRM|HITL|LOG|REC|OWN)-\d$/);
    // every decision's controls are among the scenario's controls
    for (const p of s.phases) for (const d of p.decisions) for (const c of d.controls) expect(s.controls).toContain(c);
    // templated against the inventory
    expect(findPlaceholders(JSON.stringify(s)).some((p) => p.key.startsWith('agent'))).toBe(true);
  });

  it('core/drills/builtin.ts embeds exactly these files (run node checklists/drills/embed.mjs after editing)', () => {
    expect(Object.keys(BUILTIN_SCENARIO_YAML)).toEqual([...files].sort());
    for (const f of files) expect(BUILTIN_SCENARIO_YAML[f]).toBe(readFileSync(join(DIR, f), 'utf8'));
  });

  it('ids are unique across files', () => {
    const ids = files.map((f) => {
      const r = parseScenarioYaml(readFileSync(join(DIR, f), 'utf8'));
      return r.ok ? r.scenario.id : f;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('parseScenarioYaml errors carry line and field', () => {
  it('accepts a minimal valid file and applies defaults', () => {
    const r = parseScenarioYaml(VALID);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario).toMatchObject({ version: 1, measures: [], basedOn: { kind: 'incident', alsoSee: [] } });
  });

  it('a bad value points at its line and field', () => {
    const r = parseScenarioYaml(VALID.replace('    at: 0', '    at: -3'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([{ line: 13, column: 9, field: 'injects.0.at', message: 'Must be 0 or more' }]);
    expect(formatScenarioIssue(r.issues[0]!)).toBe('line 13, injects.0.at: Must be 0 or more');
  });

  it('a missing field points at its parent mapping', () => {
    const r = parseScenarioYaml(VALID.replace('        by: 10\n', ''));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ line: 20, field: 'phases.0.decisions.0.by' });
  });

  it('unknown placeholders, bad control ids, bad roles, http sources, duplicate ids', () => {
    const text = VALID.replace('Halt {{agent.name}}', 'Halt {{agent.nmae}}')
      .replace('[HITL-2]', '[hitl2]')
      .replace('[facilitator]', '[facilitator, janitor]')
      .replace('https://example.org/a', 'http://example.org/a');
    const r = parseScenarioYaml(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.issues.map((i) => [i.field, i]));
    expect(byField['basedOn.source']).toMatchObject({ line: 6, message: 'Use an https:// link to the source' });
    expect(byField['roles.1']?.line).toBe(8);
    expect(byField['controls.0']).toMatchObject({ line: 10, message: 'Use a control id like ENV-1 or HITL-2' });
    expect(byField['phases.0.decisions.0.text']).toMatchObject({
      line: 21,
      message: expect.stringMatching(/Unknown placeholder \{\{agent.nmae\}\}/),
    });
  });

  it('duplicate ids (checked once the fields themselves are valid)', () => {
    const r = parseScenarioYaml(VALID.replace('      - id: halt', '      - id: halt\n        text: a\n        by: 1\n      - id: halt'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues).toEqual([
        { line: 23, column: 13, field: 'phases.0.decisions.1.id', message: 'Duplicate decision id (ids must be unique across phases)' },
      ]);
  });

  it('an inject after the end of the drill', () => {
    const r = parseScenarioYaml(VALID.replace('    at: 0', '    at: 45'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ line: 13, field: 'injects.0.at', message: expect.stringMatching(/after the end/) });
  });

  it('YAML syntax errors have a line', () => {
    const r = parseScenarioYaml('id: x\ntitle: [unclosed\nsummary: y\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]?.line).toBeGreaterThanOrEqual(2);
      expect(r.issues[0]?.message).toMatch(/^YAML syntax/);
    }
  });

  it('duplicate keys, non-mapping files, and oversized files are refused', () => {
    const dup = parseScenarioYaml(VALID.replace('durationMinutes: 30', 'durationMinutes: 30\ndurationMinutes: 40'));
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.issues[0]?.line).toBe(10);
    const list = parseScenarioYaml('- a\n- b\n');
    expect(list.ok).toBe(false);
    if (!list.ok) expect(list.issues[0]?.message).toMatch(/must be a mapping/);
    const big = parseScenarioYaml(`summary: "${'x'.repeat(300 * 1024)}"`);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.issues[0]?.message).toMatch(/too large/);
  });
});
