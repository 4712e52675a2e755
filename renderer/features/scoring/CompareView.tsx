import { useState } from 'react';
import type { AssessmentSummary } from '../../../core/scoring/contract';
import { api } from '../../api/client';
import { useQuery } from '../../components/useQuery';
import { Delta, VERDICT_TEXT } from './common';
import { showDate } from '../../components/time';
import { UserText } from '../../components/UserText';

/** Compare any two assessments (or one with the current state): who improved, who regressed, and why. */
export function CompareView({ workspaceId, assessments }: { workspaceId: string; assessments: AssessmentSummary[] }) {
  // Until someone picks, compare the latest finalised assessment with now (also right after the first one is finalised).
  const [picked, setFrom] = useState<string | null>(null);
  const from = picked ?? assessments[0]?.id ?? 'current';
  const [to, setTo] = useState('current');
  const q = useQuery(
    () => (from === to ? Promise.resolve(null) : api.call('assessment:compare', { workspaceId, from, to })),
    [workspaceId, from, to],
  );
  const options = [
    { id: 'current', label: 'Now (not finalised)' },
    ...assessments.map((a) => ({ id: a.id, label: `${a.title} (${showDate(a.finalisedAt)})` })),
  ];
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Compare</h2>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="cmp-from">From</label>
          <select id="cmp-from" value={from} onChange={(e) => setFrom(e.target.value)}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="cmp-to">To</label>
          <select id="cmp-to" value={to} onChange={(e) => setTo(e.target.value)}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {from === to ? (
        <p role="status">Choose two different points to compare.</p>
      ) : q.error ? (
        <p className="form-error" role="alert">
          {q.error}
        </p>
      ) : !q.data ? (
        <p aria-busy="true">Comparing…</p>
      ) : (
        <div aria-live="polite">
          <p data-testid="compare-summary">
            Average {q.data.meanBefore ?? '—'} → {q.data.meanAfter ?? '—'} <Delta value={q.data.delta} />: {q.data.improved} agent
            {q.data.improved === 1 ? '' : 's'} improved, {q.data.regressed} regressed.
            {q.data.checklistBefore !== q.data.checklistAfter &&
              ` Checklist changed from ${q.data.checklistBefore} to ${q.data.checklistAfter}.`}
          </p>
          <ul className="plain-list">
            {q.data.agents
              .filter((a) => a.direction !== 'unchanged' || a.changes.length > 0)
              .map((a) => (
                <li key={a.agentId} className="control-card">
                  <strong>
                    <UserText text={a.agentName} />
                  </strong>
                  :{' '}
                  {a.direction === 'added' ? (
                    'new agent'
                  ) : a.direction === 'removed' ? (
                    'removed'
                  ) : (
                    <>
                      {a.before} → {a.after} <Delta value={a.delta} />
                    </>
                  )}
                  {a.verdictBefore !== a.verdictAfter && a.verdictBefore && a.verdictAfter && (
                    <>
                      {' '}
                      · {VERDICT_TEXT[a.verdictBefore]} → {VERDICT_TEXT[a.verdictAfter]}
                    </>
                  )}
                  {a.changes.length > 0 && (
                    <ul className="notes small">
                      {a.changes.map((c) => (
                        <li key={c.controlId}>
                          <strong className={c.direction === 'improved' ? 'delta-up' : c.direction === 'regressed' ? 'delta-down' : ''}>
                            {c.direction}
                          </strong>{' '}
                          {c.controlId} {c.title} ({c.before ?? '—'} → {c.after ?? '—'}): {c.why.join(' ')}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
          </ul>
        </div>
      )}
    </section>
  );
}
