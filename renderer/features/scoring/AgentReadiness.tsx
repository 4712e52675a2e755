import { HistoryPanel } from '../history/HistoryPanel';
import { useState } from 'react';
import type { EvidenceRecord } from '../../../core/scoring/contract';
import type { Finding } from '../../../core/scoring/types';
import { api, errorMessage } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { useQuery } from '../../components/useQuery';
import { useUserName, VerdictBadge } from './common';
import { ControlGroups } from './ControlGroups';
import { ControlCard } from './ControlCard';
import { EvidenceDialog } from './EvidenceDialog';
import { ExplanationDialog } from './ExplanationDialog';
import { TrendChart } from './TrendChart';
import { AgentSinceLast } from './AgentSinceLast';
import { BackLink } from '../../components/BackLink';
import { UserText } from '../../components/UserText';

type Modal =
  | { kind: 'explain' }
  | { kind: 'evidence'; controlId: string }
  | { kind: 'remove-evidence'; evidence: EvidenceRecord }
  | { kind: 'accept'; finding: Finding }
  | { kind: 'revoke'; finding: Finding }
  | { kind: 'gate'; finding: Finding }
  | { kind: 'clear'; controlId: string }
  | null;

/** Saves an evidence file copy; returns a warning when it no longer matches what was recorded. */
async function downloadEvidence(workspaceId: string, id: string): Promise<string | null> {
  const f = await api.call('evidence:file', { workspaceId, id });
  const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.fileName.replace(/^.*[\\/]/, '');
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return f.intact ? null : `Warning: "${f.fileName}" changed on disk since it was recorded (checksum mismatch).`;
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Assess one agent: answer each control, attach evidence, see computed findings and accept risks. */
export function AgentReadiness({ id }: { id: string }) {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const navigate = useAppStore((s) => s.navigate);
  const bump = useAppStore((s) => s.bump);
  const notify = useAppStore((s) => s.notify);
  const [userName, setUserName] = useUserName();
  const [modal, setModal] = useState<Modal>(null);
  const q = useQuery(() => api.call('score:agent', { workspaceId, agentId: id }), [workspaceId, id]);
  const trend = useQuery(() => api.call('assessment:trends', { workspaceId, agentId: id }), [workspaceId, id]);
  if (q.error)
    return (
      <p className="form-error" role="alert">
        {q.error}{' '}
        <button type="button" onClick={() => navigate('dashboard')}>
          Back to the dashboard
        </button>
      </p>
    );
  if (!q.data) return <p aria-busy="true">Loading…</p>;
  const { checklist, score, answers, evidence, reattest } = q.data;
  const results = new Map(score.controls.map((c) => [c.controlId, c]));
  const saved = new Map(answers.map((a) => [a.controlId, a]));
  const previous = new Map(reattest.map((a) => [a.controlId, a]));
  const close = () => setModal(null);
  const changed = () => {
    q.reload();
    bump();
  };

  return (
    <article aria-labelledby="agent-readiness-title">
      <p>
        <BackLink fallback={{ id: 'dashboard', params: {} }} />
      </p>
      <div className="page-header">
        <h1 id="agent-readiness-title">
          Readiness: <UserText text={score.agentName} />
        </h1>
        <VerdictBadge verdict={score.verdict} />
        <button
          type="button"
          className="score-button"
          onClick={() => setModal({ kind: 'explain' })}
          aria-label={`${score.score} / 100, explain this score`}
          data-testid="agent-score"
        >
          {score.score}
          <span className="small muted"> / 100</span>
        </button>
        <button type="button" onClick={() => navigate('agent', { id })}>
          Permissions in inventory
        </button>
      </div>
      <div aria-live="polite" className="sr-only">
        Score {score.score}, {score.verdict}
      </div>
      {score.capReasons.length > 0 && (
        <div className="finding" role="note" data-testid="cap-reasons">
          <strong>Not ready because:</strong>
          <ul className="notes">
            {score.capReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="small muted">
        Checklist {checklist.title} v{checklist.version} · {score.openFindings} open findings · {score.acceptedFindings} accepted risks
      </p>
      <AgentSinceLast workspaceId={workspaceId} agentId={id} />
      <div className="field inline">
        <label htmlFor="recording-as">Recording as</label>
        <input
          id="recording-as"
          type="text"
          value={userName}
          onChange={(e) => setUserName(e.target.value)}
          placeholder="Your name"
          aria-describedby="recording-as-hint"
        />
        <span id="recording-as-hint" className="field-hint">
          Saved with evidence and accepted risks. Answers name the acting user as their attester.
        </span>
      </div>
      <ControlGroups
        controls={checklist.controls}
        results={results}
        areas={score.areas}
        renderControl={(c) => (
          <ControlCard
            key={`${c.id}-${saved.get(c.id)?.answeredAt ?? ''}`}
            control={c}
            result={results.get(c.id)!}
            saved={saved.get(c.id)}
            previous={previous.get(c.id)}
            evidence={evidence.filter((e) => e.controlId === c.id)}
            userName={userName}
            onSave={async (a) => {
              const after = await api.call('answer:set', {
                workspaceId,
                agentId: id,
                checklistId: checklist.id,
                checklistVersion: checklist.version,
                answeredBy: userName,
                answers: [{ controlId: c.id, ...a }],
              });
              const counted = after.controls.find((x) => x.controlId === c.id)?.effective ?? a.value;
              notify(`${c.id} saved: counted as ${counted === 'na' ? 'n/a' : counted}. Score ${after.score}.`);
              changed();
            }}
            onAddEvidence={() => setModal({ kind: 'evidence', controlId: c.id })}
            onRemoveEvidence={(e) => setModal({ kind: 'remove-evidence', evidence: e })}
            onAcceptRisk={(f) => setModal({ kind: 'accept', finding: f })}
            onRevokeRisk={(f) => setModal({ kind: 'revoke', finding: f })}
            onFixGate={(f) => setModal({ kind: 'gate', finding: f })}
            onClear={() => setModal({ kind: 'clear', controlId: c.id })}
            onOpenFile={(e) =>
              void downloadEvidence(workspaceId, e.id).then(
                (warning) => warning && notify(warning, 'error'),
                (err: unknown) => notify(errorMessage(err), 'error'),
              )
            }
          />
        )}
      />
      {trend.data && trend.data.length > 1 && <TrendChart points={trend.data} agentName={score.agentName} />}
      {modal?.kind === 'explain' && <ExplanationDialog score={score} onClose={close} />}
      {modal?.kind === 'evidence' && (
        <EvidenceDialog
          workspaceId={workspaceId}
          agentId={id}
          controlId={modal.controlId}
          checklistId={checklist.id}
          checklistVersion={checklist.version}
          recordedBy={userName}
          onDone={changed}
          onClose={close}
        />
      )}
      {modal?.kind === 'remove-evidence' && (
        <ConfirmDialog
          title="Remove evidence?"
          message={`Remove "${modal.evidence.label}" from ${modal.evidence.controlId}? A "yes" without fresh evidence counts as partial. Finalised assessments keep their copy.`}
          confirmLabel="Remove evidence"
          onConfirm={async () => {
            await api.call('evidence:remove', { workspaceId, id: modal.evidence.id });
            changed();
          }}
          onClose={close}
        />
      )}
      {modal?.kind === 'accept' && (
        <FormDialog
          title={`Accept as documented risk: ${modal.finding.controlId}`}
          fields={[
            { name: 'owner', label: 'Risk owner', kind: 'text', required: true, hint: 'The person who answers for this risk' },
            { name: 'reason', label: 'Why it is acceptable for now', kind: 'textarea', required: true },
            {
              name: 'approvedBy',
              label: 'Approved by',
              kind: 'text',
              required: true,
              hint: 'The person who approves this acceptance; not you',
            },
            {
              name: 'expiresOn',
              label: 'Acceptance expires on',
              kind: 'date',
              required: true,
              hint: 'At most a year ahead; the finding re-opens after this date',
            },
          ]}
          initial={{ owner: '', reason: '', approvedBy: '', expiresOn: inDays(90) }}
          submitLabel="Accept risk"
          onSubmit={async (v) => {
            await api.call('risk:accept', {
              workspaceId,
              agentId: id,
              findingKey: modal.finding.key,
              owner: String(v.owner),
              reason: String(v.reason),
              expiresOn: String(v.expiresOn),
              acceptedBy: userName || String(v.owner),
              approvedBy: String(v.approvedBy),
            });
            changed();
          }}
          onClose={close}
        />
      )}
      {modal?.kind === 'clear' && (
        <ConfirmDialog
          title="Clear this answer?"
          message={`The answer to ${modal.controlId} will be removed and the control counts as not answered (no). Its evidence stays attached.`}
          confirmLabel="Clear answer"
          onConfirm={async () => {
            await api.call('answer:clear', { workspaceId, agentId: id, controlId: modal.controlId });
            changed();
          }}
          onClose={close}
        />
      )}
      {modal?.kind === 'revoke' && (
        <ConfirmDialog
          title="Withdraw risk acceptance?"
          message={`The finding "${modal.finding.message}" will count as open again and may cap the verdict at Not ready.`}
          confirmLabel="Withdraw acceptance"
          onConfirm={async () => {
            await api.call('risk:revoke', { workspaceId, findingKey: modal.finding.key });
            changed();
          }}
          onClose={close}
        />
      )}
      {modal?.kind === 'gate' && (
        <FormDialog
          title="Add an approval gate"
          fields={[
            {
              name: 'approvalGate',
              label: 'Approval gate',
              kind: 'select',
              options: [
                { value: 'single', label: 'Single approver' },
                { value: 'two-person', label: 'Two-person approval' },
              ],
              hint: 'Enforced outside the model: at the tool or the platform.',
            },
          ]}
          initial={{ approvalGate: 'single' }}
          submitLabel="Save gate"
          onSubmit={async (v) => {
            const agent = await api.call('agent:get', { workspaceId, id });
            const g = agent.grants.find((x) => x.id === modal.finding.grantId);
            if (!g) throw new Error('This grant no longer exists.');
            const { id: grantId, createdAt: _c, updatedAt: _u, version, ...grant } = g;
            await api.call('grant:update', {
              workspaceId,
              id: grantId,
              grant: { ...grant, approvalGate: String(v.approvalGate) as 'single' },
              expectedVersion: version, // read just now: a change in between is refused, not overwritten
            });
            notify('Approval gate saved.');
            changed();
          }}
          onClose={close}
        />
      )}
      <HistoryPanel entity="answer" entityId={id} title="History of the answers" />
    </article>
  );
}
