import { useState } from 'react';
import type { Response } from '../../../core/contract/index';
import { EXAMPLE_POLICY } from '../../../core/policy/example';
import { api, errorMessage } from '../../api/client';
import { UserText } from '../../components/UserText';

/** Policy as code in the app: paste or load a policy file, see each violation with the rule it breaks. */
export function PolicyPanel({ workspaceId }: { workspaceId: string }) {
  const [text, setText] = useState(EXAMPLE_POLICY);
  const [result, setResult] = useState<Response<'policy:evaluate'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const evaluate = async () => {
    setError(null);
    try {
      setResult(await api.call('policy:evaluate', { workspaceId, text }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const load = async (f: File | undefined) => {
    if (!f) return;
    if (f.size > 256 * 1024) return setError(`${f.name} is larger than 256 KB.`);
    setText(await f.text());
    setResult(null);
  };
  const r = result?.result;
  return (
    <div className="card">
      <h2>Policy</h2>
      <p className="muted">
        The rules your CI gate applies (<code>agent-readiness drift --policy FILE</code> or <code>score --policy FILE</code>). An empty
        workspace does not pass: with nothing to judge, it is not a pass.
      </p>
      <div className="field">
        <label htmlFor="policy-file">Load a policy file (YAML)</label>
        <input id="policy-file" type="file" accept=".yaml,.yml,.txt" onChange={(e) => void load(e.target.files?.[0])} />
      </div>
      <div className="field">
        <label htmlFor="policy-text">Policy</label>
        <textarea id="policy-text" rows={12} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="button" onClick={() => void evaluate()}>
        Check the workspace against this policy
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && result.errors.length > 0 && (
        <ul className="form-error" role="alert" aria-label="Policy file problems">
          {result.errors.map((e, i) => (
            <li key={i}>
              Line {e.line}, column {e.column}
              {e.field ? `, ${e.field}` : ''}: <UserText text={e.message} />
            </li>
          ))}
        </ul>
      )}
      {r && (
        <div role="status" data-testid="policy-result">
          <p className={r.passed ? '' : 'warning-text'}>
            {r.passed
              ? `Passed: ${r.rules} rule(s), ${r.judged.agents} agent(s) and ${r.judged.grants} grant(s) judged, no violation.`
              : r.empty
                ? 'Failed: the workspace has no agents, so there is nothing to judge.'
                : `Failed: ${r.violations.length} violation(s) of ${r.rules} rule(s).`}
          </p>
          <ul>
            {r.violations.slice(0, 500).map((v, i) => (
              <li key={i} data-testid="policy-violation">
                <strong>
                  <UserText text={v.rule} />
                </strong>{' '}
                (<code>{v.ruleId}</code>): <UserText text={v.subject} />. <UserText text={v.reason} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
