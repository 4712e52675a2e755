import { useState } from 'react';
import type { OneTimeLink } from '../../../core/team/contract';
import { api, ApiError, errorMessage } from '../../api/client';
import { GrantsFields, grantsInput, type GrantsValue } from './GrantsFields';
import { TeamForm } from './Field';

type Errors = { email?: string | undefined; roles?: string | undefined; workflowScope?: string | undefined };
const EMPTY: GrantsValue = { roles: ['viewer'], limited: false, workflowScope: [] };

/** Invite someone to this workspace: email, roles and an optional workflow limit; the one-time link goes to `onInvited`. */
export function InviteForm({
  workspaceId,
  workflows,
  onInvited,
}: {
  workspaceId: string;
  workflows: readonly { id: string; name: string }[];
  onInvited: (link: OneTimeLink, email: string) => void;
}) {
  const [email, setEmail] = useState('');
  const [grants, setGrants] = useState<GrantsValue>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    const local: Errors = {};
    if (!email.trim()) local.email = 'Enter the email address of the person to invite';
    if (grants.roles.length === 0) local.roles = 'Choose at least one role';
    if (grants.limited && grants.workflowScope.length === 0) local.workflowScope = 'Choose at least one workflow, or remove the limit';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const link = await api.call('team:invite', { workspaceId, email, ...grantsInput(grants) });
      onInvited(link, email.trim());
      setEmail('');
      setGrants(EMPTY);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        setErrors({ email: err.issueFor('email'), roles: err.issueFor('roles'), workflowScope: err.issueFor('workflowScope') });
      } else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <TeamForm className="card invite-form" title={{ id: 'invite-title', text: 'Invite someone' }} error={error} onSubmit={submit}>
      <div className="field">
        <label htmlFor="invite-email">Email</label>
        <input
          id="invite-email"
          type="email"
          autoComplete="off"
          value={email}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? 'invite-email-error' : undefined}
          onChange={(e) => setEmail(e.target.value)}
        />
        {errors.email && (
          <span id="invite-email-error" className="field-error">
            {errors.email}
          </span>
        )}
      </div>
      <GrantsFields idPrefix="invite" value={grants} onChange={setGrants} workflows={workflows} errors={errors} />
      <button type="submit" className="primary" disabled={busy}>
        Create invitation link
      </button>
    </TeamForm>
  );
}
