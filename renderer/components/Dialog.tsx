import { useEffect, useRef, type ReactNode } from 'react';

type Props = { title: string; onClose: () => void; children: ReactNode; wide?: boolean };

/** Modal dialog: focus moves in and stays in (Tab wraps), Escape closes, focus returns to where it was. */
export function Dialog({ title, onClose, children, wide }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // The first field or action; a dialog with none (e.g. the help panel) focuses its Close button, so Escape and Tab work.
    const first =
      ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not([data-close])') ??
      ref.current?.querySelector<HTMLElement>('button[data-close]');
    // preventScroll: a tall dialog whose first control is its footer button opens at its title, not scrolled to the bottom.
    first?.focus({ preventScroll: true });
    return () => previous?.focus();
  }, []);
  // Escape also closes the top dialog when focus has fallen out of it (e.g. onto the page after a button was disabled).
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const dialogs = document.querySelectorAll('[role="dialog"]');
      if (e.key !== 'Escape' || dialogs[dialogs.length - 1] !== ref.current || ref.current?.contains(document.activeElement)) return;
      close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    // A click on the backdrop is a mouse shortcut for Cancel; keyboard users have Escape and the buttons.
    <div className="dialog-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      {/* The dialog handles Escape and traps Tab for the controls inside it (the WAI-ARIA modal pattern). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
      <div
        ref={ref}
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab') {
            // Keep keyboard focus inside the modal: Tab wraps from the last control to the first.
            const all = [
              ...(ref.current?.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])') ??
                []),
            ].filter((el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null);
            const first = all[0];
            const last = all[all.length - 1];
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last?.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first?.focus();
            }
          }
        }}
      >
        <header className="dialog-header">
          <h2 id="dialog-title">{title}</h2>
          <button type="button" className="icon-button" data-close aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
