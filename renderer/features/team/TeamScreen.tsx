import { useMemo, useState, type ReactNode } from 'react';
import type { OneTimeLink, TeamInvitation, TeamMember } from '../../../core/team/contract';
import { api } from '../../api/client';
import { useAppStore } from '../../app/app.store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { useQuery } from '../../components/useQuery';
import { GrantsDialog } from './GrantsDialog';
import { InvitationsTable } from './InvitationsTable';
import { InviteForm } from './InviteForm';
import { MembersTable, type MemberAction } from './MembersTable';
import { OneTimeLinkPanel } from './OneTimeLinkPanel';
import { useTeam } from './team';

/**
 * The Team screen (issue 14 §3), on a team server and for admins only: who is in this workspace
 * and with which roles, open invitations, and inviting someone. Every action goes through the
 * team:* channels (the server checks the admin role again); destructive ones ask first.
 */
export function TeamScreen() {
  const workspaceId = useAppStore((s) => s.workspaceId) ?? '';
  const me = useTeam((s) => s.account);
  const members = useQuery(() => api.call('team:members', { workspaceId }), [workspaceId]);
  const invitations = useQuery(() => api.call('team:invitations', { workspaceId }), [workspaceId]);
  // limit 0: only the workflows are needed here, not a page of agents.
  const overview = useQuery(() => api.call('inventory:overview', { workspaceId, limit: 0 }), [workspaceId]);
  const workflows = useMemo(() => overview.data?.workflows.map((w) => ({ id: w.id, name: w.name })) ?? [], [overview.data]);
  const workflowNames = useMemo(() => new Map(workflows.map((w) => [w.id, w.name])), [workflows]);
  const [shown, setShown] = useState<{ what: string; link: OneTimeLink } | null>(null);
  const [dialog, setDialog] = useState<ReactNode>(null);
  const [status, setStatus] = useState('');
  const close = () => setDialog(null);
  const reload = () => {
    members.reload();
    invitations.reload();
  };

  const onAction = (m: TeamMember, a: MemberAction) => {
    if (a === 'roles')
      return setDialog(
        <GrantsDialog
          workspaceId={workspaceId}
          member={m}
          workflows={workflows}
          onClose={close}
          onSaved={(after) => {
            close();
            setStatus(`${after.name} now has the roles: ${after.roles.join(', ')}.`);
            reload();
          }}
        />,
      );
    if (a === 'reset')
      return setDialog(
        <ConfirmDialog
          title="Make a password reset link?"
          message={`A one-time link for ${m.name} to choose a new password. Using it signs them out everywhere. Their current password keeps working until then.`}
          confirmLabel="Make reset link"
          onClose={close}
          onConfirm={async () => {
            setShown({ what: `Password reset for ${m.name}`, link: await api.call('team:reset-link', { workspaceId, accountId: m.id }) });
          }}
        />,
      );
    if (a === 'sign-out')
      return setDialog(
        <ConfirmDialog
          title={`Sign ${m.name} out everywhere?`}
          message={`Every session of ${m.name}, on every device, ends now. They can sign in again with their password.`}
          confirmLabel="Sign out everywhere"
          onClose={close}
          onConfirm={async () => {
            const r = await api.call('team:sign-out-everywhere', { workspaceId, accountId: m.id });
            setStatus(`${m.name} was signed out of ${r.signedOut} session${r.signedOut === 1 ? '' : 's'}.`);
            reload();
          }}
        />,
      );
    setDialog(
      <ConfirmDialog
        title={`Remove ${m.name} from this workspace?`}
        message={`${m.name} loses access to this workspace at once. Their account stays, with any other workspace; what they changed stays in the history.`}
        confirmLabel="Remove"
        onClose={close}
        onConfirm={async () => {
          await api.call('team:remove-member', { workspaceId, accountId: m.id });
          setStatus(`${m.name} was removed from this workspace.`);
          reload();
        }}
      />,
    );
  };

  const revoke = (i: TeamInvitation) =>
    setDialog(
      <ConfirmDialog
        title="Revoke this invitation?"
        message={`The link sent to ${i.email} stops working. You can invite them again later.`}
        confirmLabel="Revoke"
        onClose={close}
        onConfirm={async () => {
          await api.call('team:revoke-invitation', { workspaceId, id: i.id });
          setStatus(`The invitation of ${i.email} was revoked.`);
          invitations.reload();
        }}
      />,
    );

  const error = members.error ?? invitations.error;
  return (
    <section aria-labelledby="team-title" className="team-screen">
      <header className="page-header">
        <h1 id="team-title">Team</h1>
      </header>
      <p className="muted">
        People of this workspace and what each may do. Roles are checked by the server on every request; this screen only changes them.
      </p>
      <p role="status" aria-live="polite" className="team-status">
        {status}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <OneTimeLinkPanel what={shown.what} link={shown.link.link} expiresAt={shown.link.expiresAt} onDone={() => setShown(null)} />
      )}
      <div className="card">
        <h2>Members</h2>
        {members.data && members.data.length > 0 ? (
          <MembersTable members={members.data} meId={me?.id ?? ''} workflowNames={workflowNames} onAction={onAction} />
        ) : (
          !members.loading && (
            <EmptyState title="No members yet" guide={false}>
              Invite someone below: they appear here once they accept.
            </EmptyState>
          )
        )}
      </div>
      <div className="card">
        <h2>Open invitations</h2>
        {invitations.data && invitations.data.length > 0 ? (
          <InvitationsTable invitations={invitations.data} onRevoke={revoke} />
        ) : (
          !invitations.loading && (
            <EmptyState title="No open invitations" guide={false}>
              Invitations you make appear here until they are used or expire. Invite someone with the form below.
            </EmptyState>
          )
        )}
      </div>
      <InviteForm
        workspaceId={workspaceId}
        workflows={workflows}
        onInvited={(link, email) => {
          setShown({ what: `Invitation for ${email}`, link });
          setStatus(`Invitation made for ${email}. Copy the link and send it to them.`);
          invitations.reload();
        }}
      />
      {dialog}
    </section>
  );
}
