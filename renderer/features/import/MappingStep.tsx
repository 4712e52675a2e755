import type { Response } from '../../../core/contract/index';

type Preview = Response<'import:preview'>;
type Entity = NonNullable<Preview['entity']>;
type Mapping = { field: string; column: string }[];
const ENTITY_LABELS: Record<Entity, string> = {
  agents: 'Agents',
  systems: 'Systems',
  environments: 'Environments',
  workflows: 'Workflows',
  grants: 'Grants (one permission per row)',
};

/** Step 2 for CSV/XLSX: what the rows are and which column feeds which field. Every change re-runs the preview. */
export function MappingStep({
  preview,
  onChange,
}: {
  preview: Preview;
  onChange: (opts: { entity?: Entity; mapping?: Mapping; sheet?: string }) => void;
}) {
  const entity = preview.entity ?? 'agents';
  const columnFor = (field: string) => preview.mapping.find((m) => m.field === field)?.column ?? '';
  const setColumn = (field: string, column: string) => {
    const rest = preview.mapping.filter((m) => m.field !== field);
    onChange({ entity, sheet: preview.sheet ?? undefined, mapping: column ? [...rest, { field, column }] : rest });
  };
  return (
    <div className="card">
      <h2>2. Match the columns</h2>
      {preview.sheets.length > 1 && (
        <div className="field">
          <label htmlFor="import-sheet">Sheet</label>
          <select id="import-sheet" value={preview.sheet ?? ''} onChange={(e) => onChange({ sheet: e.target.value })}>
            {preview.sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="import-entity">Each row is</label>
        <select
          id="import-entity"
          value={entity}
          onChange={(e) => onChange({ entity: e.target.value as Entity, sheet: preview.sheet ?? undefined })}
        >
          {(Object.keys(ENTITY_LABELS) as Entity[]).map((k) => (
            <option key={k} value={k}>
              {ENTITY_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Column in your file</th>
          </tr>
        </thead>
        <tbody>
          {preview.fields.map((f) => (
            <tr key={f.key}>
              <td>
                <label htmlFor={`map-${f.key}`}>
                  {f.label}
                  {f.required ? ' (required)' : ''}
                </label>
              </td>
              <td>
                <select id={`map-${f.key}`} value={columnFor(f.key)} onChange={(e) => setColumn(f.key, e.target.value)}>
                  <option value="">(not imported)</option>
                  {preview.columns.map((c, i) => (
                    <option key={`${c}-${i}`} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
