import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { todayIso } from './common';

type Props = {
  workspaceId: string;
  agentId: string;
  controlId: string;
  checklistId: string;
  checklistVersion: string;
  recordedBy: string;
  onDone: () => void;
  onClose: () => void;
};

const toBase64 = async (file: File): Promise<string> => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
};

/** Add a note, a link or a file as evidence, with the date the evidence is from. */
export function EvidenceDialog({ workspaceId, agentId, controlId, checklistId, checklistVersion, recordedBy, onDone, onClose }: Props) {
  const [kind, setKind] = useState<'note' | 'link' | 'file'>('note');
  const [label, setLabel] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [date, setDate] = useState(todayIso());
  const [by, setBy] = useState(recordedBy);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const fileBase64 = kind === 'file' && file ? await toBase64(file) : '';
      await api.call('evidence:add', {
        workspaceId,
        agentId,
        controlId,
        checklistId,
        checklistVersion,
        evidence: { kind, label, url, fileName: kind === 'file' ? (file?.name ?? '') : '', fileBase64, evidenceDate: date, recordedBy: by },
      });
      onDone();
      onClose();
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.issues.length) {
        const map: Record<string, string> = {};
        for (const f of ['label', 'url', 'fileName', 'evidenceDate', 'recordedBy']) {
          const m = err.issueFor(f);
          if (m) map[f] = m;
        }
        setErrors(map);
        if (Object.keys(map).length === 0) setFormError(err.message);
      } else setFormError(errorMessage(err));
    }
  };

  const field = (name: string, labelText: string, input: ReactNode, hint?: string) => (
    <div className={`field${errors[name] ? ' field-invalid' : ''}`}>
      <label htmlFor={`ev-${name}`}>{labelText}</label>
      {input}
      {hint && (
        <p className="field-hint" id={`ev-${name}-hint`}>
          {hint}
        </p>
      )}
      {errors[name] && (
        <p className="field-error" id={`ev-${name}-error`}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  const a11y = (name: string) => ({
    id: `ev-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `ev-${name}-error` : undefined,
  });

  return (
    <Dialog title={`Add evidence for ${controlId}`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="field">
          <legend>Kind of evidence</legend>
          <div className="answer-options">
            {(['note', 'link', 'file'] as const).map((k) => (
              <label key={k} className="checkbox">
                <input type="radio" name="ev-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
                {k === 'note' ? 'Note' : k === 'link' ? 'Link' : 'File'}
              </label>
            ))}
          </div>
        </fieldset>
        {kind === 'link' &&
          field(
            'url',
            'Link',
            <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} {...a11y('url')} />,
            'https://… to the record, ticket or dashboard',
          )}
        {kind === 'file' &&
          field(
            'fileName',
            'File',
            <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} {...a11y('fileName')} />,
            'Copied into the workspace folder; up to 10 MB',
          )}
        {field(
          'label',
          kind === 'note' ? 'Note' : 'Description (optional)',
          <textarea rows={3} value={label} onChange={(e) => setLabel(e.target.value)} {...a11y('label')} />,
        )}
        {field(
          'evidenceDate',
          'Evidence date',
          <input type="date" value={date} max={todayIso()} onChange={(e) => setDate(e.target.value)} {...a11y('evidenceDate')} />,
          'When the evidence was produced; it stays fresh for the control’s review period',
        )}
        {field(
          'recordedBy',
          'Recorded by',
          <input type="text" value={by} onChange={(e) => setBy(e.target.value)} {...a11y('recordedBy')} />,
        )}
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Add evidence
          </button>
        </div>
      </form>
    </Dialog>
  );
}
