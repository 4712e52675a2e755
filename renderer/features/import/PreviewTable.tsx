import type { Response } from '../../../core/contract/index';

type Preview = Response<'import:preview'>;
const ACTION_TEXT = { create: 'Create', update: 'Update', unchanged: 'Unchanged' } as const;

/** Exactly what applying the file would do, and every problem with its row and field. */
export function PreviewTable({ preview }: { preview: Preview }) {
  const counts = Object.entries(preview.counts).filter(([, c]) => c.create + c.update + c.unchanged > 0);
  // Field keys (e.g. "lifecycle") shown with the same label as in the column mapping above.
  const fieldLabel = (key: string) => preview.fields.find((f) => f.key === key)?.label ?? key;
  return (
    <>
      <p data-testid="import-summary">
        {preview.records.toLocaleString()} record{preview.records === 1 ? '' : 's'} read.{' '}
        {preview.errorCount > 0 ? (
          <strong className="danger-text">
            {preview.errorCount} problem{preview.errorCount === 1 ? '' : 's'}: fix the file and choose it again. Nothing will be imported
            until every row is valid.
          </strong>
        ) : (
          'No problems found.'
        )}
      </p>
      {counts.length > 0 && (
        <table className="data-table" aria-label="Changes by record type">
          <thead>
            <tr>
              <th scope="col">Records</th>
              <th scope="col">Create</th>
              <th scope="col">Update</th>
              <th scope="col">Unchanged</th>
            </tr>
          </thead>
          <tbody>
            {counts.map(([e, c]) => (
              <tr key={e}>
                <th scope="row">{e.charAt(0).toUpperCase() + e.slice(1)}</th>
                <td>{c.create.toLocaleString()}</td>
                <td>{c.update.toLocaleString()}</td>
                <td>{c.unchanged.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.errors.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Problems">
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {preview.errors.map((e, i) => (
                <tr key={i}>
                  <td>{e.where}</td>
                  <td>{e.field ? fieldLabel(e.field) : '—'}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errorCount > preview.errors.length && <p className="muted">…and {preview.errorCount - preview.errors.length} more.</p>}
        </div>
      )}
      {preview.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Records to create or update">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Record</th>
                <th scope="col">Fields changed</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((it, i) => (
                <tr key={i}>
                  <td>{ACTION_TEXT[it.action]}</td>
                  <td>{it.label}</td>
                  <td>{it.changed.map(fieldLabel).join(', ')}</td>
                  <td>{it.where}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
