import type { TeamMember } from '../../../core/team/contract';
import { UserText } from '../../components/UserText';
import { showDateTime } from '../../components/time';

export type MemberAction = 'roles' | 'reset' | 'sign-out' | 'remove';

const limitOf = (m: TeamMember, names: Map<string, string>) =>
  !m.roles.includes('editor') && !m.roles.includes('admin')
    ? '—'
    : m.workflowScope === null
      ? 'Every workflow'
      : m.workflowScope.map((id) => names.get(id) ?? id).join(', ') || 'No workflow';

const hostOf = (issuer: string) => {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
};

/** The workspace's members with what an admin can do to each; `meId` marks the admin's own row. */
export function MembersTable({
  members,
  meId,
  workflowNames,
  onAction,
}: {
  members: readonly TeamMember[];
  meId: string;
  workflowNames: Map<string, string>;
  onAction: (m: TeamMember, a: MemberAction) => void;
}) {
  return (
    <table className="data-table team-members" aria-label="Members">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Roles</th>
          <th scope="col">Workflow limit</th>
          <th scope="col">Last sign-in</th>
          <th scope="col">Signs in with</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              <UserText text={m.name} />
              {m.id === meId && <span className="muted"> (you)</span>}
            </th>
            <td>
              <UserText text={m.email} />
            </td>
            <td data-testid="member-roles">{m.roles.join(', ')}</td>
            <td>
              <UserText text={limitOf(m, workflowNames)} />
            </td>
            <td>{m.lastSignInAt ? showDateTime(m.lastSignInAt) : 'Never'}</td>
            <td>
              {m.oidcIssuer ? <UserText text={`Single sign-on (${hostOf(m.oidcIssuer)})`} /> : 'Password'}
              {m.lockedUntil && new Date(m.lockedUntil) > new Date() && (
                <span className="pill"> locked until {showDateTime(m.lockedUntil, false)}</span>
              )}
            </td>
            <td>
              <span className="row-actions">
                <button type="button" aria-label={`Change roles of ${m.name}`} onClick={() => onAction(m, 'roles')}>
                  Change roles
                </button>
                <button type="button" aria-label={`Reset password of ${m.name}`} onClick={() => onAction(m, 'reset')}>
                  Reset password
                </button>
                <button type="button" aria-label={`Sign out everywhere: ${m.name}`} onClick={() => onAction(m, 'sign-out')}>
                  Sign out everywhere
                </button>
                <button
                  type="button"
                  className="danger-text"
                  aria-label={`Remove ${m.name} from this workspace`}
                  onClick={() => onAction(m, 'remove')}
                >
                  Remove
                </button>
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
