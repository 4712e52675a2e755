import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client';
import { useAgentNames } from './useAgentNames';
import { useQuery } from './useQuery';
import { UserText } from './UserText';

/** How many matches the list shows: enough to pick from, small enough that typing is the way to find one of 100k. */
export const PICKER_PAGE = 20;

type Props = {
  /** The text box's id (its label points at it). */
  id: string;
  label: string;
  workspaceId: string;
  /** Chosen agent ids; in single mode at most one. */
  value: readonly string[];
  onChange: (ids: string[]) => void;
  /** One agent (a filter) instead of several. */
  single?: boolean;
  /** Shown in the chosen list when nothing is chosen (e.g. "All agents"). */
  noneLabel?: string;
  /** The back end's message for this field, shown next to it. */
  error?: string | undefined;
  /** Ids of hint or error text rendered by the caller (FormDialog), added to the box's description. */
  describedBy?: string | undefined;
  invalid?: boolean;
};

/**
 * A combobox for choosing agents from an inventory of any size (WAI-ARIA combobox with a listbox popup):
 * typing searches on the server (`inventory:overview` with `q`), the first PICKER_PAGE matches are listed
 * with a note of how many more there are, and the chosen agents are named through `inventory:agentNames`.
 */
export function AgentPicker({ id, label, workspaceId, value, onChange, single, noneLabel, error, describedBy, invalid }: Props) {
  const listId = useId();
  const noteId = `${id}-more`;
  const errorId = `${id}-error`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useQuery(
    () => (open ? api.call('inventory:overview', { workspaceId, q: text, limit: PICKER_PAGE, sort: 'name' }) : Promise.resolve(null)),
    [workspaceId, text, open],
  );
  const names = useAgentNames(workspaceId, value);
  const options = matches.data?.agents ?? [];
  const more = matches.data ? matches.data.page.matched - options.length : 0;
  // The list exists only while it has options, so the box never points at an empty or missing listbox.
  const shown = open && options.length > 0;
  const activeOption = shown ? options[Math.min(active, options.length - 1)] : undefined;

  const pick = (agentId: string) => {
    if (single) {
      onChange([agentId]);
      setOpen(false);
      setText('');
    } else onChange(value.includes(agentId) ? value.filter((x) => x !== agentId) : [...value, agentId]);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (options.length === 0 ? 0 : (Math.min(a, options.length - 1) + step + options.length) % options.length));
    } else if (e.key === 'Enter') {
      // Enter picks; it never submits the form the picker sits in.
      e.preventDefault();
      if (activeOption) pick(activeOption.id);
      else setOpen(true);
    } else if (e.key === 'Escape' && open) {
      // The first Escape closes the list only; the next one reaches the dialog around it.
      e.stopPropagation();
      setOpen(false);
    }
  };
  const description = [describedBy, error ? errorId : '', open && more > 0 ? noteId : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div className="agent-picker">
      <label htmlFor={id}>{label}</label>
      <ul className="agent-picker-chosen" aria-label={`Chosen: ${label}`}>
        {value.length === 0 && noneLabel && <li className="muted">{noneLabel}</li>}
        {value.map((agentId) => {
          const name = names.get(agentId) ?? matches.data?.agents.find((a) => a.id === agentId)?.name ?? agentId;
          return (
            <li key={agentId} className="pill">
              <UserText text={name} />{' '}
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${name}`}
                onClick={() => onChange(value.filter((x) => x !== agentId))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <input
        ref={input}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        placeholder="Type to search agents"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={shown ? listId : undefined}
        aria-activedescendant={activeOption ? `${listId}-${activeOption.id}` : undefined}
        aria-invalid={invalid || error ? true : undefined}
        aria-describedby={description}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
      />
      {open && matches.error && <p className="form-error">{matches.error}</p>}
      {open && matches.data && options.length === 0 && <p className="muted">No agent matches “{text}”.</p>}
      {shown && (
        <ul id={listId} role="listbox" aria-label={label} aria-multiselectable={single ? undefined : true} className="agent-picker-list">
          {options.map((a) => (
            // Keyboard users pick from the combobox itself (arrows + Enter, aria-activedescendant); options take no focus.
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events
            <li
              key={a.id}
              id={`${listId}-${a.id}`}
              role="option"
              aria-selected={value.includes(a.id)}
              className={activeOption?.id === a.id ? 'active' : undefined}
              // mousedown would blur the box (closing the list) before the click lands
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                pick(a.id);
                input.current?.focus();
              }}
            >
              <UserText text={a.name} />
            </li>
          ))}
        </ul>
      )}
      {open && more > 0 && (
        <p id={noteId} className="field-hint" aria-live="polite">
          {more.toLocaleString()} more, refine the search
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
