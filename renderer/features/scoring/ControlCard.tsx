import { useState } from 'react';
import { FRAMEWORK_LABELS } from '../../../core/checklist/frameworks';
import type { Control } from '../../../core/checklist/schema';
import type { EvidenceRecord } from '../../../core/scoring/contract';
import type { ControlResult, Finding } from '../../../core/scoring/types';
import { ApiError, errorMessage } from '../../api/client';
import { ANSWER_LABELS } from './common';
import { showDate, showDateTime } from '../../components/time';
import { UserText } from '../../components/UserText';
import { OpenActionButton } from '../actions/OpenActionButton';
import { GatedButton } from '../team/GatedButton';

export type SavedAnswer = { value: string; naReason: string; note: string; answeredBy: string; answeredAt: string } | undefined;
/** An answer to an earlier checklist version whose control changed since (issue 11): for reference, not scored. */
export type PreviousAnswer = NonNullable<SavedAnswer> & { checklistVersion: string; reason: string };

type Props = {
  control: Control;
  result: ControlResult;
  saved: SavedAnswer;
  previous?: PreviousAnswer | undefined;
  evidence: EvidenceRecord[];
  userName: string;
  onSave: (a: { value: 'yes' | 'partial' | 'no' | 'na'; naReason: string; note: string }) => Promise<void>;
  onAddEvidence: () => void;
  onRemoveEvidence: (e: EvidenceRecord) => void;
  onAcceptRisk: (f: Finding) => void;
  onRevokeRisk: (f: Finding) => void;
  onFixGate: (f: Finding) => void;
  onClear: () => void;
  onOpenFile: (e: EvidenceRecord) => void;
};

/** One control for one agent: the question, what the data says, the answer and its evidence. */
export function ControlCard({
  control,
  result,
  saved,
  previous,
  evidence,
  userName,
  onSave,
  onAddEvidence,
  onRemoveEvidence,
  onAcceptRisk,
  onRevokeRisk,
  onFixGate,
  onClear,
  onOpenFile,
}: Props) {
  const [value, setValue] = useState(saved?.value ?? '');
  const [naReason, setNaReason] = useState(saved?.naReason ?? '');
  const [note, setNote] = useState(saved?.note ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const id = control.id;
  const dirty = value !== (saved?.value ?? '') || naReason !== (saved?.naReason ?? '') || note !== (saved?.note ?? '');

  const save = async () => {
    setErrors({});
    setStatus('');
    if (!value) return setErrors({ value: 'Choose an answer' });
    if (!userName.trim()) return setErrors({ form: 'Enter your name at the top of the page first (it is recorded with the answer).' });
    setBusy(true);
    try {
      await onSave({ value: value as 'yes', naReason, note });
      setStatus('Saved.');
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        setErrors({
          value: err.issueFor('value') ?? '',
          naReason: err.issueFor('naReason') ?? '',
          note: err.issueFor('note') ?? '',
          form: err.issueFor('value') || err.issueFor('naReason') || err.issueFor('note') ? '' : err.message,
        });
      } else setErrors({ form: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const findings = result.findings;
  return (
    <article className="control-card" aria-labelledby={`ctl-${id}-title`} data-testid={`control-${id}`}>
      <h3 id={`ctl-${id}-title`}>
        {id} · {control.title}{' '}
        {control.critical && (
          <span className="pill" title="A no or an open finding here caps the verdict at Not ready">
            critical
          </span>
        )}{' '}
        <span className="small muted">
          weight {control.weight}
          {control.rule ? ' · checked from your data' : ''}
        </span>
      </h3>
      <p className="question">{control.question}</p>
      <details>
        <summary className="small">Guidance, evidence expected and framework mappings</summary>
        <p className="small">{control.guidance}</p>
        <p className="small">
          <strong>Evidence for a yes:</strong> {control.evidence} (fresh for {control.reviewPeriodDays} days)
        </p>
        <p className="small">
          <strong>Maps to:</strong> {control.frameworks.map((f) => `${FRAMEWORK_LABELS[f.framework]} ${f.ids.join(', ')}`).join(' · ')}
        </p>
      </details>
      <p data-testid={`counted-${id}`}>
        Counted as <strong>{ANSWER_LABELS[result.effective]}</strong>
        {result.source === 'computed' ? ' (from the data)' : result.source === 'unanswered' ? ' (not answered)' : ''}.
      </p>
      {findings.length > 0 && (
        <ul className="plain-list" aria-label={`Findings for ${id}`}>
          {findings.map((f) => (
            <li key={f.key} className={`finding${f.status === 'accepted' ? ' finding-accepted' : ''}`} data-testid="finding">
              {f.message}
              {f.status === 'accepted' && f.acceptance && (
                <div className="small">
                  Accepted as documented risk by <UserText text={f.acceptance.owner} />
                  {f.acceptance.approvedBy ? (
                    <>
                      , approved by <UserText text={f.acceptance.approvedBy} />
                    </>
                  ) : null}{' '}
                  until {showDate(f.acceptance.expiresOn)}: <UserText text={f.acceptance.reason} />
                </div>
              )}
              <div className="row-actions">
                {f.ruleId === 'destructive-without-gate' && f.grantId && f.status === 'open' && (
                  <GatedButton channel="grant:update" onClick={() => onFixGate(f)}>
                    Add approval gate…
                  </GatedButton>
                )}
                {f.status === 'open' && <OpenActionButton finding={f} />}
                {f.status === 'open' ? (
                  <GatedButton channel="risk:accept" onClick={() => onAcceptRisk(f)}>
                    Accept as documented risk…
                  </GatedButton>
                ) : (
                  <GatedButton channel="risk:revoke" onClick={() => onRevokeRisk(f)}>
                    Withdraw acceptance…
                  </GatedButton>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {result.notes.length > 0 && (
        <ul className="notes small">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <fieldset className={`field${errors.value ? ' field-invalid' : ''}`} aria-describedby={errors.value ? `ans-${id}-error` : undefined}>
        <legend>Your answer{findings.some((f) => f.status === 'open') ? ' (an open finding still counts as no)' : ''}</legend>
        <div className="answer-options">
          {(['yes', 'partial', 'no', 'na'] as const).map((v) => (
            <label key={v} className="checkbox">
              <input type="radio" name={`ans-${id}`} value={v} checked={value === v} onChange={() => setValue(v)} /> {ANSWER_LABELS[v]}
            </label>
          ))}
        </div>
        {errors.value && (
          <p className="field-error" id={`ans-${id}-error`}>
            {errors.value}
          </p>
        )}
      </fieldset>
      {value === 'na' && (
        <div className={`field${errors.naReason ? ' field-invalid' : ''}`}>
          <label htmlFor={`na-${id}`}>Why does this not apply? (required)</label>
          <input
            id={`na-${id}`}
            type="text"
            value={naReason}
            onChange={(e) => setNaReason(e.target.value)}
            aria-invalid={errors.naReason ? true : undefined}
            aria-describedby={errors.naReason ? `na-${id}-error` : undefined}
          />
          {errors.naReason && (
            <p className="field-error" id={`na-${id}-error`}>
              {errors.naReason}
            </p>
          )}
        </div>
      )}
      <div className={`field${errors.note ? ' field-invalid' : ''}`}>
        <label htmlFor={`note-${id}`}>Note (optional)</label>
        <textarea
          id={`note-${id}`}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={errors.note ? true : undefined}
        />
        {errors.note && <p className="field-error">{errors.note}</p>}
      </div>
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="row-actions">
        <GatedButton channel="answer:set" className="primary" onClick={() => void save()} disabled={busy || !dirty}>
          Save answer
        </GatedButton>
        <GatedButton channel="evidence:add" onClick={onAddEvidence}>
          Add evidence…
        </GatedButton>
        {saved && (
          <GatedButton channel="answer:clear" onClick={onClear}>
            Clear answer…
          </GatedButton>
        )}
        <span role="status" aria-live="polite" className="small">
          {status}
        </span>
      </div>
      {saved && (
        <p className="small muted" data-testid={`attester-${id}`}>
          Answered {ANSWER_LABELS[saved.value]} by <UserText text={saved.answeredBy} /> on {showDateTime(saved.answeredAt)}.
        </p>
      )}
      {!saved && previous && (
        <div className="finding" role="note" data-testid={`reattest-${id}`}>
          <strong>Needs re-attestation.</strong> <UserText text={previous.reason} />
          <p className="small muted">
            Previous answer (v{previous.checklistVersion}, not scored): {ANSWER_LABELS[previous.value]} by{' '}
            <UserText text={previous.answeredBy} /> on {showDateTime(previous.answeredAt)}
            {previous.note ? (
              <>
                {' '}
                · <UserText text={previous.note} />
              </>
            ) : null}
            . Its evidence is listed below.
          </p>
        </div>
      )}
      {evidence.length > 0 && (
        <ul className="plain-list small" aria-label={`Evidence for ${id}`}>
          {evidence.map((e) => (
            <li key={e.id}>
              {e.kind === 'link' && e.url ? (
                <a href={e.url} target="_blank" rel="noreferrer noopener">
                  <UserText text={e.label} />
                </a>
              ) : e.kind === 'file' ? (
                <button type="button" className="link-button" onClick={() => onOpenFile(e)}>
                  📎 <UserText text={e.fileName ?? e.label} />
                </button>
              ) : (
                <span>
                  <UserText text={e.label} />
                </span>
              )}{' '}
              <span className="muted">
                · dated {showDate(e.evidenceDate)} · recorded by <UserText text={e.recordedBy} />
              </span>{' '}
              {/* An imported log source is evidence while it is imported: it is not removed here. */}
              {!e.id.startsWith('activity-log:') && (
                <button type="button" className="link-button" onClick={() => onRemoveEvidence(e)} aria-label={`Remove evidence ${e.label}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
