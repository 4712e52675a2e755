import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionRow } from '../../core/actions/model';
import { useAppStore } from '../../renderer/app/app.store';
import { ActionsScreen } from '../../renderer/features/actions/ActionsScreen';
import { answer } from './fake-backend';

const base: ActionRow = {
  id: 'a1',
  source: 'manual',
  drillId: null,
  assessmentId: null,
  findingKey: null,
  title: 'Gate deletes',
  description: '',
  owner: 'Marcus',
  dueDate: '2026-06-01',
  priority: 'high',
  controlIds: ['APR-2'],
  agentIds: [],
  status: 'open',
  doneAt: null,
  doneBy: null,
  closingNote: '',
  verifiedAt: null,
  verifiedBy: null,
  wontFixReason: '',
  wontFixApprover: null,
  wontFixAt: null,
  createdBy: 'Ana',
  createdAt: '2026-05-01T09:00:00Z',
  updatedAt: '2026-05-01T09:00:00Z',
  overdue: false,
  sourceTitle: 'Added by hand',
};

let lastFilter: unknown = null;
let statusCalls: unknown[] = [];
function backend(rows: ActionRow[]) {
  lastFilter = null;
  statusCalls = [];
  answer('actions:list', (input) => {
    lastFilter = (input as { filter: unknown }).filter;
    const owner = (lastFilter as { owner: string | null }).owner;
    const actions = rows.filter((r) => !owner || r.owner === owner);
    return Promise.resolve({ ok: true, value: { actions, owners: ['Dana', 'Marcus'], controls: ['APR-2'], today: '2026-05-01' } });
  });
  answer('inventory:overview', () =>
    Promise.resolve({ ok: true, value: { agents: [], systems: [], environments: [], workflows: [], grants: [] } }),
  );
  answer('actions:set-status', (input) => {
    statusCalls.push(input);
    return Promise.resolve({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Marcus owns this action: someone else must verify it.',
        issues: [{ path: 'change.verifiedBy', message: 'Marcus owns this action: someone else must verify it.' }],
      },
    });
  });
}

beforeEach(() => useAppStore.setState({ workspaceId: 'w1' }));

describe('the corrective actions screen', () => {
  it('makes overdue actions stand out and renders typed text as text', async () => {
    backend([
      { ...base, id: 'late', title: 'Rotate the <b>shared</b> key', owner: 'Dana', dueDate: '2026-04-01', overdue: true },
      { ...base, id: 'ok', title: 'Gate deletes' },
    ]);
    render(<ActionsScreen />);
    const table = await screen.findByRole('table', { name: 'Corrective actions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]!.className).toBe('overdue');
    expect(within(rows[0]!).getByText('Overdue')).toBeTruthy();
    expect(rows[1]!.className).toBe('');
    expect(screen.getByRole('status').textContent).toBe('1 overdue action');
    expect(table.querySelector('b')).toBeNull();
    expect(within(rows[0]!).getByText('Rotate the <b>shared</b> key')).toBeTruthy();
  });

  it('filters by owner and offers only the moves a status allows; a refused verification shows beside the field', async () => {
    const user = userEvent.setup();
    backend([{ ...base, status: 'done', doneBy: 'Marcus', doneAt: '2026-05-01T10:00:00Z' }]);
    render(<ActionsScreen />);
    await user.selectOptions(await screen.findByLabelText('Owner'), 'Marcus');
    await waitFor(() => expect(lastFilter).toEqual({ owner: 'Marcus', status: null, controlId: null }));
    await user.click(await screen.findByRole('button', { name: 'Gate deletes' }));
    const detail = screen.getByRole('region', { name: 'Gate deletes' });
    const moves = within(detail)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(moves).toEqual(['Verify…', 'Start work']);
    await user.click(within(detail).getByRole('button', { name: 'Verify…' }));
    await user.type(screen.getByLabelText(/Verified by/), 'Marcus');
    await user.click(screen.getByRole('button', { name: 'Verified' }));
    expect(await screen.findByText('Marcus owns this action: someone else must verify it.')).toBeTruthy();
    expect(statusCalls).toEqual([{ workspaceId: 'w1', actionId: 'a1', change: { status: 'verified', verifiedBy: 'Marcus', note: '' } }]);
  });
});
