import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UserText } from '../../renderer/components/UserText';
import { showDateTime, showDuration, userTime } from '../../renderer/components/time';
import { formatDateTime } from '../../core/common/format-time';

describe('UserText: names a user typed cannot disguise themselves', () => {
  it('shows a right-to-left override as a visible marker, inside a bidi isolate', () => {
    const { container } = render(
      <p>
        Attachment: <UserText text={'invoice\u202Egpj.exe'} /> (opened)
      </p>,
    );
    const bdi = container.querySelector('bdi');
    expect(bdi?.textContent).toBe('invoice[RLO]gpj.exe');
    expect(container.textContent).not.toContain('\u202E');
    expect(screen.getByTitle(/U\+202E/).textContent).toBe('[RLO]');
  });

  it('isolates ordinary right-to-left names without changing them', () => {
    const { container } = render(<UserText text="סוכן חיוב" />);
    expect(container.innerHTML).toBe('<bdi>סוכן חיוב</bdi>');
  });

  it('renders markup in a name as text, never as HTML', () => {
    const { container } = render(<UserText text="<img src=x onerror=alert(1)>" />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('treats a missing value as empty', () => {
    const { container } = render(<UserText text={null} />);
    expect(container.innerHTML).toBe('<bdi></bdi>');
  });
});

describe('the renderer’s time and duration helpers use the shared core formats', () => {
  it('shows a time with its zone and an unreadable one as a dash', () => {
    const at = '2026-12-02T15:38:00Z';
    expect(showDateTime(at)).toBe(formatDateTime(at, userTime()));
    expect(showDateTime(at)).toContain(showDateTime(at, false).slice(0, 11)); // same date and clock ...
    expect(showDateTime(at).length).toBeGreaterThan(showDateTime(at, false).length); // ... plus the zone
    expect(showDateTime('garbage')).toBe('—');
  });

  it('shows durations as minutes and seconds', () => {
    expect(showDuration(80_000)).toBe('1 min 20 s');
    expect(showDuration(null)).toBe('—');
  });
});

describe('dialogs and tables show user text isolated', () => {
  it('a confirmation that quotes a disguised name shows the marker', async () => {
    const { ConfirmDialog } = await import('../../renderer/components/ConfirmDialog');
    render(
      <ConfirmDialog
        title="Remove evidence?"
        message={'Remove "invoice\u202Egpj.exe" from APR-2?'}
        confirmLabel="Remove evidence"
        onConfirm={() => Promise.resolve()}
        onClose={() => undefined}
      />,
    );
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Remove "invoice[RLO]gpj.exe" from APR-2?');
    expect(dialog.textContent).not.toContain('\u202E');
  });
});
