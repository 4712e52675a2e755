import { useState } from 'react';
import { ENTITIES, type Entity } from '../../../core/transfer/import-fields';
import { csvTemplate } from '../../../core/transfer/templates';
import { errorMessage } from '../../api/client';
import { saveFile } from '../reports/files';

const toBase64 = (text: string): string => {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
};

/** CSV templates whose columns match the import fields exactly (so no mapping is needed). */
export function TemplateLinks() {
  const [error, setError] = useState<string | null>(null);
  const download = async (entity: Entity) => {
    setError(null);
    try {
      await saveFile({ fileName: `${entity}-template.csv`, mime: 'text/csv', contentBase64: toBase64(csvTemplate(entity)) });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <p className="small">
      CSV templates:{' '}
      {ENTITIES.map((e, i) => (
        <span key={e}>
          {i > 0 && ' · '}
          <button type="button" className="link-button" onClick={() => void download(e)}>
            {e}
          </button>
        </span>
      ))}
      {error && (
        <span role="alert" className="form-error">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
