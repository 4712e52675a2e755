import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CHECKLIST_YAML } from '../../core/checklist/builtin';
import { parseChecklistYaml } from '../../core/checklist/loader';
import type { Control } from '../../core/checklist/schema';
import type { AreaScore, ControlResult } from '../../core/scoring/types';
import { ControlGroups } from '../../renderer/features/scoring/ControlGroups';

const parsed = parseChecklistYaml(BUILTIN_CHECKLIST_YAML);
if (!parsed.ok) throw new Error('the built-in checklist must parse');
const controls = parsed.checklist.controls;

/** A result per control: APR-1 and APR-2 answered (APR-2 with an open finding), LOG-1 a yes gone stale; the rest unanswered. */
function results(): Map<string, ControlResult> {
  const m = new Map<string, ControlResult>();
  for (const c of controls) {
    const answered = c.id === 'APR-1' || c.id === 'APR-2' || c.id === 'LOG-1' ? ('yes' as const) : null;
    m.set(c.id, {
      controlId: c.id,
      area: c.area,
      title: c.title,
      weight: c.weight,
      critical: c.critical,
      computed: !!c.rule,
      answered,
      effective: answered ?? 'no',
      source: 'answer',
      points: answered ? 2 : 0,
      notes: [],
      decayed: c.id === 'LOG-1',
      findings:
        c.id === 'APR-2'
          ? [
              {
                status: 'open',
                controlId: c.id,
                ruleId: 'destructive-without-gate',
                severity: 'critical',
              } as unknown as ControlResult['findings'][number],
            ]
          : [],
    } as ControlResult);
  }
  return m;
}
const areas: AreaScore[] = [{ area: 'APR', score: 55, applicable: 4, earned: 4, possible: 8 }];
const card = (c: Control) => (
  <div key={c.id} data-testid={`card-${c.id}`}>
    {c.id}
  </div>
);
const cards = () => screen.queryAllByTestId(/^card-/).map((e) => e.textContent);

describe('assessment controls grouped by area', () => {
  it('starts with every area collapsed, each showing its progress', () => {
    render(<ControlGroups controls={controls} results={results()} areas={areas} renderControl={card} />);
    expect(controls).toHaveLength(30);
    expect(cards()).toEqual([]); // nothing open: the page is one line per area, not 30 cards
    const apr = within(screen.getByTestId('area-APR'));
    expect(apr.getByText('Approval gates')).toBeTruthy();
    expect(screen.getByTestId('area-APR').querySelector('summary')?.textContent).toContain('2 / 5 answered · 1 with open findings');
    expect(screen.getByTestId('area-LOG').querySelector('summary')?.textContent).toContain('1 / 4 answered · 1 stale');
    expect(screen.getByTestId('area-ENV').querySelector('summary')?.textContent).toContain('0 / 4 answered');
  });

  it('opens one area on click and shows only its controls', async () => {
    render(<ControlGroups controls={controls} results={results()} areas={areas} renderControl={card} />);
    await userEvent.click(screen.getByText('Approval gates'));
    expect(cards()).toEqual(['APR-1', 'APR-2', 'APR-3', 'APR-4', 'APR-5']);
    await userEvent.click(screen.getByText('Approval gates'));
    expect(cards()).toEqual([]);
  });

  it('filters to unanswered controls, with counts on the filter buttons and the matching areas opened', async () => {
    render(<ControlGroups controls={controls} results={results()} areas={areas} renderControl={card} />);
    await userEvent.click(screen.getByRole('button', { name: 'Unanswered (27)' }));
    expect(cards()).toHaveLength(27);
    expect(cards()).not.toContain('APR-1');
    expect(cards()).toContain('APR-3');
  });

  it('filters to stale evidence: only the yes whose evidence is out of date', async () => {
    render(<ControlGroups controls={controls} results={results()} areas={areas} renderControl={card} />);
    await userEvent.click(screen.getByRole('button', { name: 'Stale evidence (1)' }));
    expect(cards()).toEqual(['LOG-1']);
    expect(screen.queryByTestId('area-APR')).toBeNull(); // areas with nothing to show are left out
    await userEvent.click(screen.getByRole('button', { name: 'All controls (30)' }));
    expect(screen.getByTestId('area-APR')).toBeTruthy();
  });
});
