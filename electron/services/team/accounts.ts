import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, fieldError } from '../../../core/common/errors';
import type { TeamAccount } from '../../../core/team/authorization';
import { AcceptInput, BootstrapInput, Grants, InviteInput, ResetInput } from '../../../core/team/model';
import { countAccountsExclusive, findAccount, insertAccount, setPasswordHash, setRoles } from '../../store/team/accounts';
import { teamWrite } from '../../store/team/database';
import { insertInvitation, redeemInvitation, type Redeemed } from '../../store/team/invitations';
import { revokeAllSessions } from '../../store/team/sessions';
import { addMemberships, existingWorkspaceIds, insertWorkspace, workspacesOf, type TeamWorkspaceRow } from '../../store/team/workspaces';
import { actorOf, forbidden, refused, requireAdmin, SERVER_ACTOR, teamAccountOf, type TeamDeps, parseInput } from './deps';
import { hashPassword, newToken, tokenHash } from './secrets';

/** A one-time link's token: shown once to the admin who made it, stored only as a hash. */
export type OneTimeToken = { token: string; expiresAt: Date };

const why = (r: Exclude<Redeemed, { ok: true }>, what: string) =>
  r.why === 'used'
    ? refused(410, `This ${what} link was already used. Ask an admin for a new one.`)
    : r.why === 'expired'
      ? refused(410, `This ${what} link has expired. Ask an admin for a new one.`)
      : refused(404, `This ${what} link is not valid.`);

export function accountFunctions(deps: TeamDeps) {
  const hash = (password: string) => hashPassword(password, deps.policy.scrypt);
  const after = (ms: number) => new Date(deps.now().getTime() + ms);

  async function view(accountId: string): Promise<TeamAccount> {
    const a = await findAccount(deps.db.pool, { id: accountId });
    if (!a) throw new AppError('NOT_FOUND', 'No such account.');
    return teamAccountOf(a);
  }

  return {
    view,

    /** The id of the account with this email (the CLI names the admin who invites by email), or null. */
    idOfEmail: async (email: string): Promise<string | null> => (await findAccount(deps.db.pool, { email }))?.id ?? null,

    /** The first admin and the first workspace of an empty server; refused once any account exists. */
    async bootstrap(raw: z.input<typeof BootstrapInput>): Promise<TeamAccount> {
      const input = parseInput(BootstrapInput, raw);
      const passwordHash = await hash(input.password);
      const id = randomUUID();
      await teamWrite(deps.db, SERVER_ACTOR, deps.now(), async (tx) => {
        if ((await countAccountsExclusive(tx)) > 0) throw refused(409, 'This server already has accounts: an admin invites new people.');
        await insertAccount(tx, { id, email: input.email, name: input.name, passwordHash, roles: ['admin'], workflowScope: null });
        await insertWorkspace(tx, input.workspace);
        await addMemberships(tx, id, [input.workspace.id]);
      });
      return view(id);
    },

    /** A new workspace on the server; the admin who makes it is its first member. */
    async createWorkspace(actorId: string, w: TeamWorkspaceRow): Promise<void> {
      const admin = await requireAdmin(deps, actorId);
      await teamWrite(deps.db, actorOf(admin), deps.now(), async (tx) => {
        await insertWorkspace(tx, w);
        await addMemberships(tx, admin.id, [w.id]);
      });
    },

    /** The workspaces an account sees: only those it was invited to. */
    workspaces: (accountId: string) => workspacesOf(deps.db, accountId),

    /** An admin invites someone: a one-time link that expires, with the roles, workflows and workspaces it grants. */
    async invite(actorId: string, raw: InviteInput): Promise<OneTimeToken> {
      const admin = await requireAdmin(deps, actorId);
      const input = parseInput(InviteInput, raw);
      if (await findAccount(deps.db.pool, { email: input.email }))
        throw fieldError('email', 'There is already an account with this email.');
      const unknown = input.workspaceIds.filter((w) => !admin.workspaces.includes(w));
      if (unknown.length) throw forbidden(`You can invite people only to your own workspaces (not ${unknown.join(', ')}).`);
      const token = newToken();
      const expiresAt = after(deps.policy.inviteTtlMs);
      await teamWrite(deps.db, actorOf(admin), deps.now(), (tx) =>
        insertInvitation(tx, tokenHash(token), { purpose: 'invite', accountId: null, expiresAt, ...input }),
      );
      return { token, expiresAt };
    },

    /** Accepting an invitation makes the account; the link works once, and not after it expires. */
    async accept(raw: z.input<typeof AcceptInput>): Promise<TeamAccount> {
      const input = parseInput(AcceptInput, raw);
      const passwordHash = await hash(input.password);
      const id = randomUUID();
      await teamWrite(deps.db, { accountId: id, name: input.name }, deps.now(), async (tx) => {
        const r = await redeemInvitation(tx, tokenHash(input.token), 'invite');
        if (!r.ok) throw why(r, 'invitation');
        const inv = r.invitation;
        if (await findAccount(tx.client, { email: inv.email ?? '' })) throw refused(409, 'There is already an account with this email.');
        await insertAccount(tx, {
          id,
          email: inv.email ?? '',
          name: input.name,
          passwordHash,
          roles: inv.roles,
          workflowScope: inv.workflowScope,
        });
        await addMemberships(tx, id, await existingWorkspaceIds(tx.client, inv.workspaceIds));
      });
      return view(id);
    },

    /** An admin changes someone's roles, workflow scope and workspaces (adds; never removes the admin's own last admin role). */
    async setGrants(actorId: string, accountId: string, raw: z.input<typeof Grants>): Promise<TeamAccount> {
      const admin = await requireAdmin(deps, actorId);
      const input = parseInput(Grants, raw);
      if (!(await findAccount(deps.db.pool, { id: accountId }))) throw new AppError('NOT_FOUND', 'No such account.');
      if (actorId === accountId && !input.roles.includes('admin')) throw refused(409, 'You cannot remove your own admin role.');
      await teamWrite(deps.db, actorOf(admin), deps.now(), async (tx) => {
        await setRoles(tx, accountId, input.roles, input.workflowScope);
        await addMemberships(
          tx,
          accountId,
          input.workspaceIds.filter((w) => admin.workspaces.includes(w)),
        );
      });
      return view(accountId);
    },

    /** An admin resets someone's password: a one-time link (short-lived); using it ends every session of the account. */
    async issueReset(actorId: string, accountId: string): Promise<OneTimeToken> {
      const admin = await requireAdmin(deps, actorId);
      const target = await findAccount(deps.db.pool, { id: accountId });
      if (!target) throw new AppError('NOT_FOUND', 'No such account.');
      const token = newToken();
      const expiresAt = after(deps.policy.resetTtlMs);
      await teamWrite(deps.db, actorOf(admin), deps.now(), (tx) =>
        insertInvitation(tx, tokenHash(token), {
          purpose: 'reset',
          email: null,
          accountId,
          roles: [],
          workflowScope: null,
          workspaceIds: [],
          expiresAt,
        }),
      );
      return { token, expiresAt };
    },

    async resetPassword(raw: z.input<typeof ResetInput>): Promise<void> {
      const input = parseInput(ResetInput, raw);
      const passwordHash = await hash(input.password);
      await teamWrite(deps.db, SERVER_ACTOR, deps.now(), async (tx) => {
        const r = await redeemInvitation(tx, tokenHash(input.token), 'reset');
        if (!r.ok) throw why(r, 'password reset');
        const accountId = r.invitation.accountId!;
        await setPasswordHash(tx, accountId, passwordHash);
        await revokeAllSessions(tx, accountId);
      });
    },
  };
}
