import { ApiError } from '../api/client';
import type { FieldSpec, FormValues } from './FormDialog';
import { showDateTime } from './time';
import { UserText } from './UserText';

/** A save refused because someone else changed the record after it was opened (the back end's stale-version CONFLICT). */
export type StaleSave = { by: string; at: string; version: number; theirs: FormValues };

/** Reads a stale-version refusal; `toValues` turns the record as it is now into this form's values. */
export function staleSaveOf(err: unknown, toValues: ((current: Record<string, unknown>) => FormValues) | undefined): StaleSave | null {
  if (!toValues || !(err instanceof ApiError) || err.code !== 'CONFLICT' || err.details?.reason !== 'stale-version') return null;
  try {
    const current = JSON.parse(String(err.details.current)) as Record<string, unknown>;
    return {
      by: String(err.details.changedBy),
      at: String(err.details.changedAt),
      version: Number(err.details.currentVersion),
      theirs: toValues(current),
    };
  } catch {
    return null; // an unreadable record: the plain message still says what happened
  }
}

/** What a value reads as in the form: option labels, not codes. */
function shown(f: FieldSpec, v: string | string[] | undefined): string {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  if (f.kind === 'select' || f.kind === 'checkboxes') return list.map((x) => f.options.find((o) => o.value === x)?.label ?? x).join(', ');
  return list.join(', ');
}

type Props = { stale: StaleSave; fields: readonly FieldSpec[]; mine: FormValues; onTakeTheirs: () => void; onSaveMine: () => void };

/**
 * Both values side by side, so the user chooses: nobody's change is lost without them seeing it.
 * "Save mine over theirs" saves against the version just shown; if it changed again, this shows again.
 */
export function StaleSavePanel({ stale, fields, mine, onTakeTheirs, onSaveMine }: Props) {
  const differing = fields.filter((f) => shown(f, mine[f.name]) !== shown(f, stale.theirs[f.name]));
  return (
    <div className="stale-save" role="alert" data-testid="stale-save">
      <p>
        <strong>
          Changed by <UserText text={stale.by} /> at {showDateTime(stale.at)}
        </strong>{' '}
        after you opened it. Nothing of yours was saved yet.
      </p>
      {differing.length > 0 ? (
        <table className="compact">
          <caption>Values that differ</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Theirs (saved)</th>
              <th scope="col">Yours (not saved)</th>
            </tr>
          </thead>
          <tbody>
            {differing.map((f) => (
              <tr key={f.name}>
                <th scope="row">{f.label}</th>
                <td>
                  <UserText text={shown(f, stale.theirs[f.name])} />
                </td>
                <td>
                  <UserText text={shown(f, mine[f.name])} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Their change did not touch any field in this form.</p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onTakeTheirs}>
          Use their values
        </button>
        <button type="button" className="primary" onClick={onSaveMine}>
          Save mine over theirs
        </button>
      </div>
    </div>
  );
}
