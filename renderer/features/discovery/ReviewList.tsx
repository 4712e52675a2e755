import { useState } from 'react';
import type { ReviewItemView } from '../../../core/discovery/contract';
import { APPROVAL_GATES, ENVIRONMENT_TIERS, type ApprovalGate, type EnvironmentTier } from '../../../core/inventory/vocabulary';
import { UserText } from '../../components/UserText';

export type Edit = { key: string; environmentTier?: EnvironmentTier; approvalGate?: ApprovalGate };

/** One item of the diff: what it is, every reason it was proposed, the edits a grant allows, and Accept. */
function ReviewRow({ item, busy, onAccept }: { item: ReviewItemView; busy: boolean; onAccept: (edit: Edit) => void }) {
  const [tier, setTier] = useState<EnvironmentTier | ''>('');
  const [gate, setGate] = useState<ApprovalGate | ''>('');
  const g = item.grant;
  const id = `rv-${item.key.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <li className="card" data-testid="discovery-item" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <span className="pill">{item.change === 'new' ? `new ${item.kind}` : `${item.kind} wider than declared`}</span>{' '}
        <UserText text={item.title} />
      </h3>
      {g && (
        <p className="small">
          Actions: {g.actions.join(', ')} · Gate: <strong>{g.approvalGate}</strong>
        </p>
      )}
      <ul className="small" aria-label="Reasons">
        {item.reasons.map((r, i) => (
          <li key={i}>
            <UserText text={r} />
          </li>
        ))}
      </ul>
      <div className="toolbar">
        {g && (
          <>
            <label>
              Environment{' '}
              <select value={tier} onChange={(e) => setTier(e.target.value as EnvironmentTier | '')}>
                <option value="">{g.environmentTier} (as discovered)</option>
                {ENVIRONMENT_TIERS.filter((t) => t !== g.environmentTier).map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Gate{' '}
              <select value={gate} onChange={(e) => setGate(e.target.value as ApprovalGate | '')}>
                <option value="">{g.approvalGate} (as discovered)</option>
                {APPROVAL_GATES.filter((x) => x !== g.approvalGate).map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => onAccept({ key: item.key, ...(tier ? { environmentTier: tier } : {}), ...(gate ? { approvalGate: gate } : {}) })}
        >
          Accept
        </button>
      </div>
    </li>
  );
}

export function ReviewList({ items, busy, onAccept }: { items: ReviewItemView[]; busy: boolean; onAccept: (edit: Edit) => void }) {
  const pending = items.filter((i) => i.acceptable);
  const missing = items.filter((i) => !i.acceptable);
  return (
    <>
      <ul className="plain-list" aria-label="Proposed changes">
        {pending.map((i) => (
          <ReviewRow key={i.key} item={i} busy={busy} onAccept={onAccept} />
        ))}
      </ul>
      {missing.length > 0 && (
        <details>
          <summary>Declared but not found in these files ({missing.length})</summary>
          <ul>
            {missing.map((i) => (
              <li key={i.key}>
                {i.kind}: <UserText text={i.title} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
