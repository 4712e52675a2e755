import { AppError } from '../../../core/common/errors';
import type { Role } from '../../../core/team/rules';
import type { OneTimeLink, TeamInvitation, TeamMember } from '../../../core/team/contract';
import { findAccount, setRoles, type AccountRow } from '../../store/team/accounts';
import { teamWrite } from '../../store/team/database';
import {
  lockMembers,
  membersOf,
  openInvitations,
  otherAdminCount,
  revokeInvitation,
  soleAdminWorkspaces,
  type MemberRow,
} from '../../store/team/members';
import { revokeAllSessions } from '../../store/team/sessions';
import { removeMembership } from '../../store/team/workspaces';
import type { accountFunctions } from './accounts';
import { actorOf, forbidden, refused, requireAdmin, type TeamDeps } from './deps';

/**
 * Team administration of one workspace (issue 14 §3), what the Team screen's channels run: an
 * admin of the workspace lists its members and open invitations, invites, revokes, changes
 * roles and workflow limits, removes people, issues password-reset links and signs someone out
 * everywhere. Each write names the acting admin in the team audit log (`teamWrite` with the
 * admin as actor). The last admin of a workspace can be neither removed nor demoted.
 */
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const memberView = (m: MemberRow): TeamMember => ({
  id: m.id,
  name: m.name,
  email: m.email,
  roles: m.roles,
  workflowScope: m.workflowScope,
  lastSignInAt: iso(m.lastSignInAt),
  oidcIssuer: m.oidcIssuer,
  lockedUntil: iso(m.lockedUntil),
});

const lastAdmin = (name: string, what: string, otherWorkspace?: string) =>
  refused(
    409,
    `${name} is the last admin of ${otherWorkspace === undefined ? 'this workspace' : `the workspace "${otherWorkspace}"`}, so they cannot be ${what}. Make someone else an admin ${otherWorkspace === undefined ? '' : 'there '}first.`,
  );

export function adminFunctions(deps: TeamDeps, accounts: ReturnType<typeof accountFunctions>) {
  /** The acting admin, who must be a member of the workspace. */
  async function adminOf(actorId: string, workspaceId: string): Promise<AccountRow> {
    const admin = await requireAdmin(deps, actorId);
    if (!admin.workspaces.includes(workspaceId)) throw forbidden('This workspace is not one you were invited to.');
    return admin;
  }
  /** The account being administered, which must be a member of the workspace (an admin manages only their own workspace's people). */
  async function memberOf(accountId: string, workspaceId: string): Promise<AccountRow> {
    const target = await findAccount(deps.db.pool, { id: accountId });
    if (!target || !target.workspaces.includes(workspaceId))
      throw new AppError('NOT_FOUND', 'This person is not a member of this workspace (they may have been removed already).');
    return target;
  }
  const link = (param: string, t: { token: string; expiresAt: Date }): OneTimeLink => ({
    link: `/?${param}=${t.token}`,
    expiresAt: t.expiresAt.toISOString(),
  });

  return {
    async members(actorId: string, workspaceId: string): Promise<TeamMember[]> {
      await adminOf(actorId, workspaceId);
      return (await membersOf(deps.db.pool, workspaceId)).map(memberView);
    },

    async invitations(actorId: string, workspaceId: string): Promise<TeamInvitation[]> {
      await adminOf(actorId, workspaceId);
      return (await openInvitations(deps.db.pool, workspaceId, deps.now())).map((i) => ({
        ...i,
        createdAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
      }));
    },

    /** Invites someone to this workspace; the link is returned once and stored only as a hash. */
    async inviteTo(
      actorId: string,
      workspaceId: string,
      input: { email: string; roles: Role[]; workflowScope: string[] | null },
    ): Promise<OneTimeLink> {
      await adminOf(actorId, workspaceId);
      return link('invitation', await accounts.invite(actorId, { ...input, workspaceIds: [workspaceId] }));
    },

    async revokeInvitation(actorId: string, workspaceId: string, id: string): Promise<void> {
      const admin = await adminOf(actorId, workspaceId);
      const done = await teamWrite(deps.db, actorOf(admin), deps.now(), (tx) => revokeInvitation(tx, id, workspaceId));
      if (!done) throw new AppError('NOT_FOUND', 'This invitation is no longer open: it was used, revoked or has expired.');
    },

    /** New roles and workflow limit for a member (roles are the account's, so they hold in each of its workspaces). */
    async setGrants(
      actorId: string,
      workspaceId: string,
      accountId: string,
      input: { roles: Role[]; workflowScope: string[] | null },
    ): Promise<TeamMember> {
      const admin = await adminOf(actorId, workspaceId);
      const target = await memberOf(accountId, workspaceId);
      const roles = [...new Set(input.roles)];
      await teamWrite(deps.db, actorOf(admin), deps.now(), async (tx) => {
        if (target.roles.includes('admin') && !roles.includes('admin')) {
          // Roles are the account's: demoting it must leave an admin in each of its workspaces, not only this one.
          const sole = await soleAdminWorkspaces(tx, accountId);
          if (sole.some((w) => w.id === workspaceId)) throw lastAdmin(target.name, 'demoted');
          if (sole.length) throw lastAdmin(target.name, 'demoted', sole[0]!.name);
        }
        await setRoles(tx, accountId, roles, input.workflowScope);
      });
      const after = (await membersOf(deps.db.pool, workspaceId)).find((m) => m.id === accountId);
      if (!after) throw new AppError('NOT_FOUND', 'This person is not a member of this workspace.');
      return memberView(after);
    },

    /** Takes someone out of this workspace (the account stays, with its other workspaces); they lose access on their next request. */
    async removeMember(actorId: string, workspaceId: string, accountId: string): Promise<void> {
      const admin = await adminOf(actorId, workspaceId);
      const target = await memberOf(accountId, workspaceId);
      await teamWrite(deps.db, actorOf(admin), deps.now(), async (tx) => {
        if (target.roles.includes('admin')) {
          await lockMembers(tx, workspaceId);
          if ((await otherAdminCount(tx.client, workspaceId, accountId)) === 0) throw lastAdmin(target.name, 'removed');
        }
        await removeMembership(tx, accountId, workspaceId);
      });
    },

    /** A one-time password-reset link for a member (short-lived; using it ends their sessions and lifts a lockout). */
    async resetLink(actorId: string, workspaceId: string, accountId: string): Promise<OneTimeLink> {
      await adminOf(actorId, workspaceId);
      await memberOf(accountId, workspaceId);
      return link('reset', await accounts.issueReset(actorId, accountId));
    },

    /** Ends every session of a member, on every device. Returns how many were live. */
    async signOutMember(actorId: string, workspaceId: string, accountId: string): Promise<number> {
      const admin = await adminOf(actorId, workspaceId);
      await memberOf(accountId, workspaceId);
      return teamWrite(deps.db, actorOf(admin), deps.now(), (tx) => revokeAllSessions(tx, accountId));
    },
  };
}
