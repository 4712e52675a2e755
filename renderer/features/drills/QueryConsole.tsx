import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { UserText } from '../../components/UserText';

type Result = { columns: string[]; rows: (string | number | null)[][]; truncated: boolean; elapsedMs: number; detected: boolean };

/**
 * The read-only console on the sandbox: one SELECT at a time, run by the back end in a child process
 * with a row and time limit. Results are data from a damaged database, so they are shown as text only.
 */
export function QueryConsole({ workspaceId, drillId, disabled }: { workspaceId: string; drillId: string; disabled: boolean }) {
  const [sql, setSql] = useState('SELECT COUNT(*) AS customers FROM customers');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.call('drills:live-fire-query', { workspaceId, drillId, sql }));
    } catch (err) {
      setResult(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="lf-console-title" className="lf-console">
      <h3 id="lf-console-title">Query console (read-only)</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label htmlFor="lf-sql" className="small muted">
          One SELECT on the sandbox (tables: customers, orders, invoices)
        </label>
        <textarea
          id="lf-sql"
          rows={2}
          value={sql}
          maxLength={4000}
          spellCheck={false}
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void run();
            }
          }}
        />
        <button type="submit" disabled={disabled || busy || sql.trim() === ''}>
          {busy ? 'Running…' : 'Run query'}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          <UserText text={error} />
        </p>
      )}
      {result && (
        <div data-testid="lf-result">
          {result.detected && (
            <p className="lf-verified" role="status">
              Damage observed: detection recorded (time to detect stops here).
            </p>
          )}
          <p className="small muted">
            {result.rows.length} row{result.rows.length === 1 ? '' : 's'}
            {result.truncated ? ' (cut at the row limit)' : ''} in {result.elapsedMs} ms
          </p>
          <div className="lf-scroll">
            <table className="lf-table">
              <thead>
                <tr>
                  {result.columns.map((c, i) => (
                    <th key={i} scope="col">
                      <UserText text={c} />
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j}>{cell === null ? <span className="muted">NULL</span> : <UserText text={String(cell)} />}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
