import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../renderer/app/app.store';
import { AgentPicker, PICKER_PAGE } from '../../renderer/components/AgentPicker';
import { answer, resetFakeBackend } from './fake-backend';

/** 1,200 agents, more than one overview page: the picker must search the server, not list a page. */
const agents = Array.from({ length: 1200 }, (_, i) => ({ id: `ag-${i + 1}`, name: `Agent ${String(i + 1).padStart(4, '0')}` }));
let overviewCalls: Array<{ q: string; limit: number }> = [];
let nameCalls: string[][] = [];

function backend() {
  overviewCalls = [];
  nameCalls = [];
  answer('inventory:overview', (input) => {
    const { q = '', limit = 1000 } = input as { q?: string; limit?: number };
    overviewCalls.push({ q, limit });
    const matched = agents.filter((a) => a.name.toLowerCase().includes(q.toLowerCase()));
    return Promise.resolve({
      ok: true,
      value: {
        agents: matched.slice(0, limit),
        workflows: [],
        systems: [],
        environments: [],
        grantCount: 0,
        page: { offset: 0, limit, matched: matched.length, agentTotal: agents.length },
      },
    });
  });
  answer('inventory:agentNames', (input) => {
    const { ids } = input as { ids: string[] };
    nameCalls.push(ids);
    return Promise.resolve({ ok: true, value: agents.filter((a) => ids.includes(a.id)) });
  });
}

function Harness({ single, error, initial = [] }: { single?: boolean; error?: string; initial?: string[] }) {
  const [ids, setIds] = useState<string[]>(initial);
  return (
    <form onSubmit={() => (document.body.dataset.submitted = 'yes')}>
      <AgentPicker id="pick" label="Agents" workspaceId="w1" value={ids} onChange={setIds} single={single} error={error} noneLabel="None" />
      <output data-testid="ids">{ids.join(',')}</output>
    </form>
  );
}

beforeEach(() => {
  resetFakeBackend();
  backend();
  delete document.body.dataset.submitted;
  useAppStore.setState({ workspaceId: 'w1' });
});

describe('the agent picker', () => {
  it('searches on the server, shows the first page and how many more match', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Agents' });
    await user.click(box);
    const list = await screen.findByRole('listbox', { name: 'Agents' });
    expect(within(list).getAllByRole('option')).toHaveLength(PICKER_PAGE);
    expect(screen.getByText(`${(1200 - PICKER_PAGE).toLocaleString()} more, refine the search`)).toBeTruthy();
    expect(box.getAttribute('aria-expanded')).toBe('true');

    await user.type(box, 'Agent 115');
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(Array.from({ length: 10 }, (_, i) => `Agent 115${i}`)),
    );
    expect(overviewCalls.at(-1)).toEqual({ q: 'Agent 115', limit: PICKER_PAGE });
    expect(overviewCalls.every((c) => c.limit === PICKER_PAGE)).toBe(true);
    expect(screen.queryByText(/more, refine the search/)).toBeNull();
  });

  it('moves with the arrow keys, picks with Enter without submitting, and closes with Escape', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Agents' });
    await user.click(box);
    await user.type(box, 'Agent 1150');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await user.clear(box);
    await user.type(box, 'Agent 115');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(10));
    // The first option is active; Down twice then Up once lands on the second.
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    const active = box.getAttribute('aria-activedescendant');
    expect(active && document.getElementById(active)?.textContent).toBe('Agent 1151');
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('ids').textContent).toBe('ag-1151');
    expect(document.body.dataset.submitted).toBeUndefined();
    // The chosen agent is named through inventory:agentNames, not found in a list of every agent.
    const chosen = screen.getByRole('list', { name: 'Chosen: Agents' });
    await waitFor(() => expect(within(chosen).getByText('Agent 1151')).toBeTruthy());
    expect(nameCalls.at(-1)).toEqual(['ag-1151']);
    expect(screen.getAllByRole('option', { selected: true }).map((o) => o.textContent)).toEqual(['Agent 1151']);

    await user.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.getAttribute('aria-activedescendant')).toBeNull();

    await user.click(within(chosen).getByRole('button', { name: 'Remove Agent 1151' }));
    expect(screen.getByTestId('ids').textContent).toBe('');
  });

  it('names agents chosen before it opened and replaces the choice in single mode', async () => {
    const user = userEvent.setup();
    render(<Harness single initial={['ag-1199']} />);
    const chosen = screen.getByRole('list', { name: 'Chosen: Agents' });
    await waitFor(() => expect(within(chosen).getByText('Agent 1199')).toBeTruthy());
    expect(overviewCalls).toEqual([]);
    const box = screen.getByRole('combobox', { name: 'Agents' });
    await user.click(box);
    await user.type(box, '0007');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await user.click(screen.getByRole('option', { name: 'Agent 0007' }));
    expect(screen.getByTestId('ids').textContent).toBe('ag-7');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the field error next to the box and marks it invalid', () => {
    render(<Harness error="Choose at least one agent" />);
    const box = screen.getByRole('combobox', { name: 'Agents' });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByRole('alert');
    expect(error.textContent).toBe('Choose at least one agent');
    expect(box.getAttribute('aria-describedby')).toContain(error.id);
  });
});
