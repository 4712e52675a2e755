import { AppError } from '../../../core/common/errors';
import type { teamAdminChannels } from '../../../core/team/contract';
import type { ServiceContext } from '../context';
import type { Handlers } from '../handler-types';

/**
 * The Team screen's channels (issue 14 §3) in the one handler table. Dispatch has already
 * checked the rule `admin` and the workspace against the signed-in account; the service checks
 * again against the database (roles may have changed since the session's account was read).
 * Desktop and the loopback browser mode carry no team session: there are no accounts to manage.
 */
function adminOf(ctx: ServiceContext) {
  const service = ctx.team?.service;
  const account = ctx.team?.account;
  if (!service || !account)
    throw new AppError(
      'REFUSED',
      'Team administration is only on a team server (agent-readiness serve --team); this workspace has no accounts.',
    );
  return { admin: service.admin, actorId: account.id };
}

export const teamAdminHandlers: Handlers<typeof teamAdminChannels> = {
  'team:members': (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    return admin.members(actorId, i.workspaceId);
  },
  'team:invitations': (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    return admin.invitations(actorId, i.workspaceId);
  },
  'team:invite': (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    return admin.inviteTo(actorId, i.workspaceId, { email: i.email, roles: i.roles, workflowScope: i.workflowScope });
  },
  'team:revoke-invitation': async (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    await admin.revokeInvitation(actorId, i.workspaceId, i.id);
    return { revoked: true as const };
  },
  'team:set-grants': (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    return admin.setGrants(actorId, i.workspaceId, i.accountId, { roles: i.roles, workflowScope: i.workflowScope });
  },
  'team:remove-member': async (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    await admin.removeMember(actorId, i.workspaceId, i.accountId);
    return { removed: true as const };
  },
  'team:reset-link': (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    return admin.resetLink(actorId, i.workspaceId, i.accountId);
  },
  'team:sign-out-everywhere': async (ctx, i) => {
    const { admin, actorId } = adminOf(ctx);
    return { signedOut: await admin.signOutMember(actorId, i.workspaceId, i.accountId) };
  },
};
