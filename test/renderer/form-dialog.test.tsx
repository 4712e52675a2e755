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
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Billing bot', owner: '' });
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
