import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../renderer/api/client';
import { FormDialog, type FieldSpec } from '../../renderer/components/FormDialog';

/** What a screen reader announces after the field's name: the elements its aria-describedby points at. */
const descriptionOf = (el: HTMLElement): string =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`)
    .join(' ');

const fields: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text', required: true },
  { name: 'owner', label: 'Owner', kind: 'text', hint: 'A person, not a team' },
];

describe('FormDialog shows the server’s message next to the field it is about', () => {
  it('puts a refused field’s message beside that field, marks it invalid, focuses it and keeps the dialog open', async () => {
    const onClose = vi.fn();
    const onSubmit = vi.fn(() =>
      Promise.reject(
        new ApiError({
          code: 'VALIDATION',
          message: 'Check the form',
          issues: [{ path: 'agent.name', message: 'An agent called "Billing bot" exists' }],
        }),
      ),
    );
    render(
      <FormDialog
        title="Add agent"
        fields={fields}
        initial={{ name: 'Billing bot', owner: '' }}
        submitLabel="Save"
        onSubmit={onSubmit}
        onClose={onClose}
      />,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const name = screen.getByRole('textbox', { name: /Name/ });
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(name)).toBe('An agent called "Billing bot" exists');
    expect(document.activeElement).toBe(name);
    // The other field is untouched: no message, not invalid, still described by its own hint only.
    const owner = screen.getByRole('textbox', { name: 'Owner' });
    expect(owner.hasAttribute('aria-invalid')).toBe(false);
    expect(descriptionOf(owner)).toBe('A person, not a team');
    expect(onClose).not.toHaveBeenCalled();
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Billing bot', owner: '' }, undefined); // a new record: no version to save against
  });

  it('shows a refusal that names no field of the form above the buttons instead of dropping it', async () => {
    const onSubmit = vi.fn(() =>
      Promise.reject(
        new ApiError({ code: 'VALIDATION', message: 'The workspace is read-only', issues: [{ path: 'workspace', message: 'read-only' }] }),
      ),
    );
    render(
      <FormDialog
        title="Add agent"
        fields={fields}
        initial={{ name: 'x', owner: '' }}
        submitLabel="Save"
        onSubmit={onSubmit}
        onClose={vi.fn()}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The workspace is read-only');
    expect(screen.getByRole('textbox', { name: /Name/ }).hasAttribute('aria-invalid')).toBe(false);
  });

  it('closes after a successful save', async () => {
    const onClose = vi.fn();
    render(
      <FormDialog
        title="Add agent"
        fields={fields}
        initial={{ name: 'x', owner: '' }}
        submitLabel="Save"
        onSubmit={() => Promise.resolve()}
        onClose={onClose}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });
});

describe('FormDialog when someone else saved the record first', () => {
  const staleError = (current: Record<string, unknown>, by = 'Grace Hopper') =>
    new ApiError({
      code: 'CONFLICT',
      message: `This agent was changed by ${by} at 2026-12-02T10:00:00.000Z after you opened it.`,
      details: {
        reason: 'stale-version',
        changedBy: by,
        changedAt: '2026-12-02T10:00:00.000Z',
        currentVersion: 2,
        yourVersion: 1,
        current: JSON.stringify(current),
      },
    });
  const toValues = (r: Record<string, unknown>) => ({ name: String(r.name), owner: String(r.owner) });

  it('shows who changed it and both values, and "Use their values" loads theirs and saves against the new version', async () => {
    const calls: [Record<string, unknown>, number | undefined][] = [];
    const onSubmit = vi.fn((v: Record<string, unknown>, expected?: number) => {
      calls.push([v, expected]);
      return calls.length === 1 ? Promise.reject(staleError({ name: 'Billing bot', owner: 'Grace <b>Hopper</b>' })) : Promise.resolve();
    });
    const onClose = vi.fn();
    render(
      <FormDialog
        title="Edit agent"
        fields={fields}
        initial={{ name: 'Billing bot', owner: 'Ada' }}
        submitLabel="Save"
        version={1}
        currentValues={toValues}
        onSubmit={onSubmit}
        onClose={onClose}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const panel = await screen.findByTestId('stale-save');
    expect(panel.textContent).toContain('Changed by Grace Hopper at');
    // Only the field that differs is compared; hostile text stays text.
    const rows = [...panel.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([['Owner', 'Grace <b>Hopper</b>', 'Ada']]);
    expect(panel.querySelector('b')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Use their values');
    expect(onClose).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Use their values' }));
    expect((screen.getByRole('textbox', { name: 'Owner' }) as HTMLInputElement).value).toBe('Grace <b>Hopper</b>');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.map(([, v]) => v)).toEqual([1, 2]);
  });

  it('"Save mine over theirs" saves my values against the version just shown', async () => {
    const calls: [Record<string, unknown>, number | undefined][] = [];
    const onSubmit = vi.fn((v: Record<string, unknown>, expected?: number) => {
      calls.push([v, expected]);
      return calls.length === 1 ? Promise.reject(staleError({ name: 'Billing bot', owner: 'Grace' })) : Promise.resolve();
    });
    const onClose = vi.fn();
    render(
      <FormDialog
        title="Edit agent"
        fields={fields}
        initial={{ name: 'Billing bot', owner: 'Ada' }}
        submitLabel="Save"
        version={1}
        currentValues={toValues}
        onSubmit={onSubmit}
        onClose={onClose}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save mine over theirs' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls).toEqual([
      [{ name: 'Billing bot', owner: 'Ada' }, 1],
      [{ name: 'Billing bot', owner: 'Ada' }, 2],
    ]);
  });
});
