import type { ReactNode } from 'react';
export type Issues = Record<string, string>;

/** A failed team endpoint's field issues by the last part of their path ("password"), for messages next to the fields. */
export const issuesOf = (e: { issues?: { path: string; message: string }[] }): Issues =>
  Object.fromEntries((e.issues ?? []).map((i) => [i.path.split('.').pop() ?? i.path, i.message]));

/** One labelled input of the sign-in screens, with its error next to it. */
type FieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  type?: string;
  autoComplete?: string;
};

export function Field({ id, label, value, onChange, error, type = 'text', autoComplete }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

type TeamFormProps = {
  onSubmit: () => unknown;
  /** A message for the whole form (not one field's), announced as an alert above the fields. */
  error?: string | null;
  className?: string;
  /** A heading that names the form for assistive technology. */
  title?: { id: string; text: string };
  children: ReactNode;
};

/** The team screens' forms: browser validation off (the server's messages go next to the fields), submit without reload. */
export function TeamForm({ onSubmit, error, className, title, children }: TeamFormProps) {
  return (
    <form
      className={className}
      aria-labelledby={title?.id}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {title && <h2 id={title.id}>{title.text}</h2>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {children}
    </form>
  );
}
