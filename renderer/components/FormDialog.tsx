import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { AgentPicker } from './AgentPicker';
import { Dialog } from './Dialog';
import { StaleSavePanel, staleSaveOf, type StaleSave } from './StaleSave';

export type FieldSpec =
  | { name: string; label: string; kind: 'text' | 'textarea' | 'date'; required?: boolean; hint?: string; maxLength?: number }
  | {
      name: string;
      label: string;
      kind: 'select';
      options: ReadonlyArray<{ value: string; label: string }>;
      required?: boolean;
      hint?: string;
    }
  | {
      name: string;
      label: string;
      kind: 'checkboxes';
      options: ReadonlyArray<{ value: string; label: string }>;
      required?: boolean;
      hint?: string;
    }
  /** Agents chosen with the searching combobox (any inventory size); the value is their ids. */
  | { name: string; label: string; kind: 'agents'; workspaceId: string; required?: boolean; hint?: string };

export type FormValues = Record<string, string | string[]>;

type Props = {
  title: string;
  fields: readonly FieldSpec[];
  initial: FormValues;
  submitLabel: string;
  /** Throws ApiError on failure; its field issues are shown next to the fields. `expectedVersion` is the record's version to save against. */
  onSubmit: (values: FormValues, expectedVersion?: number) => Promise<void>;
  onClose: () => void;
  /** A way out of a refusal, shown beside its message (e.g. "Open the existing grant" after a duplicate). */
  errorAction?: (err: unknown) => { label: string; run: () => void } | null;
  /** Editing a stored record: the version it was read at, and how to show the record as it is now if someone saved first. */
  version?: number;
  currentValues?: (current: Record<string, unknown>) => FormValues;
};

/**
 * A form in a dialog, driven by field descriptors. Validation is the back end's (the core zod
 * schemas): errors come back with field paths and are shown beside the matching input.
 */
export function FormDialog({ title, fields, initial, submitLabel, onSubmit, onClose, errorAction, version, currentValues }: Props) {
  const [values, setValues] = useState<FormValues>(initial);
  const [expected, setExpected] = useState<number | undefined>(version);
  const [stale, setStale] = useState<StaleSave | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<{ label: string; run: () => void } | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // The submit button is disabled while saving, which drops focus to the page: after a refusal, put it on the
  // first field in error (or back on the submit button) so keyboard users keep their place and Escape still works.
  useEffect(() => {
    if (stale) {
      form.current?.querySelector<HTMLElement>('[data-testid="stale-save"] button')?.focus();
      return;
    }
    if (Object.keys(errors).length === 0 && !formError) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[aria-describedby*="-error"] input') ??
      form.current?.querySelector<HTMLElement>('button[type="submit"]');
    target?.focus();
  }, [errors, formError, stale]);

  const save = async (v: FormValues, against: number | undefined) => {
    setBusy(true);
    setFormError(null);
    setStale(null);
    try {
      await onSubmit(v, against);
      onClose();
    } catch (err) {
      setBusy(false);
      const refusedAsStale = staleSaveOf(err, currentValues);
      if (refusedAsStale) {
        setErrors({});
        setStale(refusedAsStale);
        return;
      }
      setRecovery(errorAction?.(err) ?? null);
      if (err instanceof ApiError && err.issues.length) {
        const byField: Record<string, string> = {};
        for (const f of fields) {
          const msg = err.issueFor(f.name);
          if (msg) byField[f.name] = msg;
        }
        setErrors(byField);
        if (Object.keys(byField).length === 0) setFormError(err.message);
      } else {
        setErrors({});
        setFormError(errorMessage(err));
      }
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(values, expected);
  };
  const takeTheirs = (s: StaleSave) => {
    setValues(s.theirs);
    setExpected(s.version);
    setStale(null);
  };
  const saveMine = (s: StaleSave) => {
    setExpected(s.version);
    void save(values, s.version);
  };

  const set = (name: string, v: string | string[]) => setValues((s) => ({ ...s, [name]: v }));

  return (
    <Dialog title={title} onClose={onClose}>
      <form ref={form} onSubmit={submit} noValidate>
        {fields.map((f) => {
          const id = `field-${f.name}`;
          const err = errors[f.name];
          const describedBy = [f.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
          const common = { id, name: f.name, 'aria-invalid': err ? true : undefined, 'aria-describedby': describedBy };
          const value = values[f.name];
          return (
            <div className={`field${err ? ' field-invalid' : ''}`} key={f.name}>
              {f.kind === 'agents' ? (
                <AgentPicker
                  id={id}
                  label={f.label}
                  workspaceId={f.workspaceId}
                  value={Array.isArray(value) ? value : []}
                  onChange={(ids) => set(f.name, ids)}
                  describedBy={describedBy}
                  invalid={Boolean(err)}
                />
              ) : f.kind === 'checkboxes' ? (
                <fieldset aria-describedby={describedBy}>
                  <legend>
                    {f.label}
                    {f.required && <span aria-hidden="true"> *</span>}
                  </legend>
                  <div className="checkbox-grid">
                    {f.options.map((o) => {
                      const list = Array.isArray(value) ? value : [];
                      return (
                        <label key={o.value} className="checkbox">
                          <input
                            type="checkbox"
                            name={f.name}
                            value={o.value}
                            checked={list.includes(o.value)}
                            onChange={(e) => set(f.name, e.target.checked ? [...list, o.value] : list.filter((x) => x !== o.value))}
                          />
                          {o.label}
                        </label>
                      );
                    })}
                  </div>
                </fieldset>
              ) : (
                <>
                  <label htmlFor={id}>
                    {f.label}
                    {f.required && <span aria-hidden="true"> *</span>}
                  </label>
                  {f.kind === 'textarea' ? (
                    <textarea {...common} rows={3} value={String(value ?? '')} onChange={(e) => set(f.name, e.target.value)} />
                  ) : f.kind === 'select' ? (
                    <select {...common} value={String(value ?? '')} onChange={(e) => set(f.name, e.target.value)}>
                      {f.options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      {...common}
                      type={f.kind === 'date' ? 'date' : 'text'}
                      required={f.required}
                      value={String(value ?? '')}
                      onChange={(e) => set(f.name, e.target.value)}
                    />
                  )}
                </>
              )}
              {f.hint && (
                <p className="field-hint" id={`${id}-hint`}>
                  {f.hint}
                </p>
              )}
              {err && (
                <p className="field-error" id={`${id}-error`} role="alert">
                  {err}
                </p>
              )}
            </div>
          );
        })}
        {stale && (
          <StaleSavePanel
            stale={stale}
            fields={fields}
            mine={values}
            onTakeTheirs={() => takeTheirs(stale)}
            onSaveMine={() => saveMine(stale)}
          />
        )}
        {formError && (
          <p className="form-error" role="alert">
            {formError}
            {recovery && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={recovery.run}>
                  {recovery.label}
                </button>
              </>
            )}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
