import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatChecklistIssues, parseChecklistYaml } from '../../../core/checklist/loader';
import { compareVersions } from '../../../core/checklist/schema';

const shipped = readFileSync(fileURLToPath(new URL('../../../checklists/readiness-default.yaml', import.meta.url)), 'utf8');

const minimal = (controlYaml: string, head = 'id: my-list\nversion: "2.0.0"\ntitle: Mine\n') => `${head}areas:
  - id: ENV
    title: Environments
    description: Separate them.
controls:
${controlYaml}`;

const goodControl = `  - id: ENV-1
    area: ENV
    title: Separate credentials
    question: Are they separate?
    guidance: Separate them.
    evidence: A listing.
    weight: 3
    critical: true
    reviewPeriodDays: 90
    frameworks:
      - { framework: NIST-800-53, ids: [AC-6] }
      - { framework: SOC2, ids: [CC6.1] }
`;

function issues(text: string) {
  const r = parseChecklistYaml(text);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.issues;
}

describe('parseChecklistYaml', () => {
  it('accepts a minimal valid file and applies defaults', () => {
    const r = parseChecklistYaml(minimal(goodControl));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.checklist.bands).toEqual({ ready: 85, conditional: 60 });
  });

  it('reports a bad weight with its line and field path', () => {
    const text = minimal(goodControl.replace('weight: 3', 'weight: 5'));
    const [i] = issues(text);
    expect(i!.path).toBe('controls.0.weight');
    expect(i!.line).toBe(text.split('\n').findIndex((l) => l.includes('weight: 5')) + 1);
    expect(i!.message).toBe('Use 1, 2 or 3');
    expect(formatChecklistIssues([i!])[0]).toMatch(/^line \d+, controls\.0\.weight: Use 1, 2 or 3$/);
  });

  it('points a missing field at its control', () => {
    const text = minimal(goodControl.replace('    question: Are they separate?\n', ''));
    const [i] = issues(text);
    expect(i!.path).toBe('controls.0.question');
    expect(i!.line).toBe(text.split('\n').findIndex((l) => l.includes('- id: ENV-1')) + 1);
  });

  it('refuses duplicate control ids, on the line of the duplicate', () => {
    const text = minimal(goodControl + goodControl);
    const dup = issues(text).find((i) => i.message.startsWith('Duplicate control id'))!;
    expect(dup.path).toBe('controls.1.id');
    expect(dup.line).toBe(text.split('\n').lastIndexOf('  - id: ENV-1') + 1);
  });

  it('refuses unknown rule ids and bad rule params', () => {
    const unknown = issues(minimal(goodControl + '    rule: { id: make-it-safe }\n'));
    expect(unknown[0]!.path).toBe('controls.0.rule.id');
    expect(unknown[0]!.message).toContain('Unknown rule');
    const badParams = issues(minimal(goodControl + '    rule: { id: destructive-without-gate, params: { tiers: [prod] } }\n'));
    expect(badParams[0]!.path).toBe('controls.0.rule.params.tiers.0');
    expect(badParams[0]!.line).toBeGreaterThan(10);
  });

  it('requires two distinct frameworks and well-formed identifiers', () => {
    const one = issues(minimal(goodControl.replace('      - { framework: SOC2, ids: [CC6.1] }\n', '')));
    expect(one[0]).toMatchObject({ path: 'controls.0.frameworks', message: 'Map each control to at least 2 frameworks' });
    const bad = issues(minimal(goodControl.replace('[CC6.1]', '[CC99]')));
    expect(bad[0]!.path).toBe('controls.0.frameworks.1.ids.0');
    expect(bad[0]!.message).toContain('not a SOC2 identifier');
  });

  it('refuses an id whose prefix does not match its area, and an unlisted area', () => {
    const r = issues(minimal(goodControl.replace('id: ENV-1', 'id: LOG-1').replace('area: ENV', 'area: LOG')));
    expect(r.map((i) => i.path)).toContain('controls.0.area');
    const wrongPrefix = issues(minimal(goodControl.replace('id: ENV-1', 'id: APR-1')));
    expect(wrongPrefix[0]).toMatchObject({ path: 'controls.0.id' });
  });

  it('reports YAML syntax errors with a line number', () => {
    const [i] = issues('id: x\nversion: "1"\ntitle: [unclosed\nareas: []\n');
    expect(i!.line).not.toBeNull();
    expect(i!.message).toMatch(/^YAML syntax/);
  });

  it('refuses an unquoted numeric version with a hint', () => {
    const [i] = issues(minimal(goodControl, 'id: my-list\nversion: 2.0\ntitle: Mine\n'));
    expect(i).toMatchObject({ path: 'version', line: 2 });
    expect(i!.message).toContain('quote it');
  });

  it('refuses non-mapping documents and oversized files', () => {
    expect(issues('- a\n- b\n')[0]!.message).toContain('must be a mapping');
    expect(issues('x'.repeat(600 * 1024))[0]!.message).toContain('too large');
  });

  it('refuses unknown fields (typos) rather than ignoring them', () => {
    const [i] = issues(minimal(goodControl.replace('weight: 3', 'weight: 3\n    wieght: 2')));
    expect(i!.path).toBe('controls.0');
    expect(i!.message).toContain('wieght');
  });

  it('finds the line of a problem deep inside the shipped file', () => {
    const text = shipped.replace(
      'reviewPeriodDays: 365\n    frameworks:\n      - { framework: NIST-800-53, ids: [AU-9, AU-11] }',
      'reviewPeriodDays: 0\n    frameworks:\n      - { framework: NIST-800-53, ids: [AU-9, AU-11] }',
    );
    const [i] = issues(text);
    expect(i!.path).toMatch(/^controls\.\d+\.reviewPeriodDays$/);
    expect(text.split('\n')[i!.line! - 1]).toContain('reviewPeriodDays: 0');
  });
});

describe('compareVersions', () => {
  it('compares numerically', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('2', '2.0.0')).toBe(0);
    expect(compareVersions('1.0.1', '1.1')).toBeLessThan(0);
  });
});
