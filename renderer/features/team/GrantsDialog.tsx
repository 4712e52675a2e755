import { useState } from 'react';
import type { TeamMember } from '../../../core/team/contract';
import { api, ApiError, errorMessage } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { GrantsFields, grantsInput, type GrantsValue } from './GrantsFields';
import { TeamForm } from './Field';

/** Change a member's roles and workflow limit. Refusals (the last admin) are shown in the dialog, which stays open. */
export function GrantsDialog({
  workspaceId,
  member,
  workflows,
  onClose,
  onSaved,
}: {
  workspaceId: string;
  member: TeamMember;
  workflows: readonly { id: string; name: string }[];
  onClose: () => void;
  onSaved: (m: TeamMember) => void;
}) {
  const [value, setValue] = useState<GrantsValue>({
    roles: [...member.roles],
    limited: member.workflowScope !== null,
    workflowScope: [...(member.workflowScope ?? [])],
  });
  const [errors, setErrors] = useState<{ roles?: string | undefined; workflowScope?: string | undefined }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    if (value.roles.length === 0) return setErrors({ roles: 'Choose at least one role' });
    if (value.roles.includes('editor') && value.limited && value.workflowScope.length === 0)
      return setErrors({ workflowScope: 'Choose at least one workflow, or remove the limit' });
    setErrors({});
    setBusy(true);
    try {
      const limited = value.roles.includes('editor') ? value : { ...value, limited: false };
      onSaved(await api.call('team:set-grants', { workspaceId, accountId: member.id, ...grantsInput(limited) }));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length)
        setErrors({ roles: err.issueFor('roles'), workflowScope: err.issueFor('workflowScope') });
      else setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Roles of ${member.name}`} onClose={onClose}>
      <TeamForm error={error} onSubmit={save}>
        <p className="muted">
          Roles hold in every workspace of this server that {member.name} is a member of. They apply from their next page load.
        </p>
        <GrantsFields idPrefix="grants" value={value} onChange={setValue} workflows={workflows} errors={errors} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save roles
          </button>
        </div>
      </TeamForm>
    </Dialog>
  );
}
