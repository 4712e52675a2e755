import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatChecklistIssues, parseChecklistYaml } from '../../../core/checklist/loader';
import { CONTROL_AREAS } from '../../../core/checklist/schema';
import { isConfidentId, OWASP_AGENTIC_ITEMS } from '../../../core/checklist/frameworks';

const file = fileURLToPath(new URL('../../../checklists/readiness-default.yaml', import.meta.url));

describe('shipped default checklist', () => {
  const result = parseChecklistYaml(readFileSync(file, 'utf8'));

  it('validates', () => {
    expect(result.ok ? [] : formatChecklistIssues(result.issues)).toEqual([]);
  });

  it('covers the seven areas with 25-30 controls', () => {
    if (!result.ok) throw new Error('invalid');
    const cl = result.checklist;
    expect(cl.controls.length).toBeGreaterThanOrEqual(25);
    expect(cl.controls.length).toBeLessThanOrEqual(30);
    expect(new Set(cl.controls.map((c) => c.area))).toEqual(new Set(CONTROL_AREAS));
    expect(cl.id).toBe('agent-readiness-default');
    expect(cl.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('makes at least 40% of controls computable', () => {
    if (!result.ok) throw new Error('invalid');
    const computed = result.checklist.controls.filter((c) => c.rule).length;
    expect(computed / result.checklist.controls.length).toBeGreaterThanOrEqual(0.4);
  });

  it('maps every control to at least two frameworks, using only high-confidence identifiers', () => {
    if (!result.ok) throw new Error('invalid');
    const unconfident: string[] = [];
    for (const c of result.checklist.controls) {
      expect(new Set(c.frameworks.map((f) => f.framework)).size, c.id).toBeGreaterThanOrEqual(2);
      for (const f of c.frameworks)
        for (const id of f.ids) if (!isConfidentId(f.framework, id)) unconfident.push(`${c.id}: ${f.framework} ${id}`);
    }
    expect(unconfident).toEqual([]);
  });

  it('maps OWASP Agentic (ASI) items only with a written reason, to published items only', () => {
    if (!result.ok) throw new Error('invalid');
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('framework: OWASP-AGENTIC'));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const l of lines) expect(l, l).toMatch(/# why: \S.{20,}$/);
    const mapped = result.checklist.controls.flatMap((c) =>
      c.frameworks.filter((f) => f.framework === 'OWASP-AGENTIC').flatMap((f) => f.ids),
    );
    expect(mapped.length).toBeGreaterThanOrEqual(lines.length);
    for (const id of mapped) expect(Object.keys(OWASP_AGENTIC_ITEMS)).toContain(id);
    expect(Object.keys(OWASP_AGENTIC_ITEMS)).toEqual([
      'ASI01',
      'ASI02',
      'ASI03',
      'ASI04',
      'ASI05',
      'ASI06',
      'ASI07',
      'ASI08',
      'ASI09',
      'ASI10',
    ]);
  });

  it('has weights 1-3 and a critical flag only on weight-3 controls', () => {
    if (!result.ok) throw new Error('invalid');
    for (const c of result.checklist.controls) if (c.critical) expect(c.weight, c.id).toBe(3);
  });
});

describe('embedded copy', () => {
  it('core/checklist/builtin.ts matches the YAML file (run node checklists/embed.mjs after editing it)', async () => {
    const { BUILTIN_CHECKLIST_YAML } = await import('../../../core/checklist/builtin');
    expect(BUILTIN_CHECKLIST_YAML).toBe(readFileSync(file, 'utf8'));
  });
});
