import { describe, expect, it } from 'vitest';
import { BUILTIN_CHECKLIST_YAML } from '../../../core/checklist/builtin';
import { parseChecklistYaml } from '../../../core/checklist/loader';
import { BUILTIN_SCENARIO_YAML } from '../../../core/drills/builtin';
import { parseScenarioYaml } from '../../../core/drills/parse';
import { STANDARD_TIMERS } from '../../../core/drills/scenario';

describe('scenario controls match the default readiness checklist', () => {
  it('every control a shipped scenario, decision or timer names exists in the checklist', () => {
    const cl = parseChecklistYaml(BUILTIN_CHECKLIST_YAML);
    if (!cl.ok) throw new Error('default checklist invalid');
    const known = new Set(cl.checklist.controls.map((c) => c.id));
    const unknown: string[] = [];
    for (const t of STANDARD_TIMERS) for (const c of t.controls) if (!known.has(c)) unknown.push(`standard timer ${t.id}: ${c}`);
    for (const [file, yaml] of Object.entries(BUILTIN_SCENARIO_YAML)) {
      const r = parseScenarioYaml(yaml);
      if (!r.ok) throw new Error(`${file} invalid`);
      const s = r.scenario;
      const all = [
        ...s.controls,
        ...s.phases.flatMap((p) => p.decisions.flatMap((d) => d.controls)),
        ...s.timers.flatMap((t) => t.controls),
      ];
      for (const c of all) if (!known.has(c)) unknown.push(`${file}: ${c}`);
    }
    expect(unknown).toEqual([]);
  });
});
