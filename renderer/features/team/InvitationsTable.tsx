import type { TeamInvitation } from '../../../core/team/contract';
import { UserText } from '../../components/UserText';
import { showDateTime } from '../../components/time';

/** Open invitations to this workspace (used and expired ones are gone); each can be revoked. */
export function InvitationsTable({
  invitations,
  onRevoke,
}: {
  invitations: readonly TeamInvitation[];
  onRevoke: (i: TeamInvitation) => void;
}) {
  return (
    <table className="data-table" aria-label="Open invitations">
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Roles</th>
          <th scope="col">Invited by</th>
          <th scope="col">Expires</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((i) => (
          <tr key={i.id}>
            <th scope="row">
              <UserText text={i.email} />
            </th>
            <td>{i.roles.join(', ')}</td>
            <td>
              <UserText text={i.invitedBy ?? 'the command line'} />
            </td>
            <td>{showDateTime(i.expiresAt)}</td>
            <td>
              <button type="button" className="danger-text" aria-label={`Revoke the invitation of ${i.email}`} onClick={() => onRevoke(i)}>
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
