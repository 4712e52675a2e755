import { randomUUID } from 'node:crypto';
import { emailKey, findAccount, insertAccount } from '../../store/team/accounts';
import { teamWrite } from '../../store/team/database';
import { redeemInvitationForEmail } from '../../store/team/invitations';
import {
  accountOfIdentity,
  hasIdentityAt,
  insertOidcLogin,
  linkIdentity,
  takeOidcLogin,
  type PendingOidcLogin,
} from '../../store/team/oidc';
import { countAttempts, recordAttempt } from '../../store/team/signin-attempts';
import { addMemberships, existingWorkspaceIds } from '../../store/team/workspaces';
import { actorOf, forbidden, refused, SERVER_ACTOR, teamAccountOf, type TeamDeps } from './deps';
import { startSession, type SignedIn } from './sessions';
import { tokenHash } from './secrets';

/** What the provider vouched for, after the ID token was verified (electron/services/team/oidc-client.ts). */
export type OidcIdentity = { issuer: string; subject: string; email: string | null; emailVerified: boolean; name: string | null };

/** How long a sign-in may stay at the provider's page before its callback is refused. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;

export const NOT_INVITED =
  'There is no account or open invitation for this email on this server. Ask an admin to invite you with the email your identity provider shows.';

/**
 * The account side of OIDC sign-in (issue 14 §3). The invitation stays the way in: an identity
 * signs in to the account it was linked to, or else to the account (or open invitation) with its
 * verified email, and is linked to it then; nobody unknown gets an account. The session is the
 * same kind a password makes.
 */
export function oidcAccountFunctions(deps: TeamDeps) {
  return {
    /**
     * Remembers a sign-in that is leaving for the provider, by its state's hash. Rate-limited per
     * client like password sign-ins (its own count), so nobody fills the table from one address.
     */
    async beginOidcLogin(state: string, login: PendingOidcLogin, client: string): Promise<void> {
      const now = deps.now();
      const { windowMs, perClient } = deps.policy.rateLimit;
      const key = [`oidc-client:${client}`];
      const since = new Date(now.getTime() - windowMs);
      if (((await countAttempts(deps.db, key, since)).get(key[0]!) ?? 0) >= perClient)
        throw refused(429, `Too many sign-in attempts. Try again in ${Math.ceil(windowMs / 60_000)} minutes.`);
      await recordAttempt(deps.db, key, now, true, since);
      await teamWrite(deps.db, SERVER_ACTOR, now, (tx) =>
        insertOidcLogin(tx, tokenHash(state), login, new Date(now.getTime() + OIDC_LOGIN_TTL_MS)),
      );
    },

    /** The pending sign-in of a callback's state, once; null for a replayed, forged or expired one. */
    takeOidcLogin: (state: string): Promise<PendingOidcLogin | null> =>
      teamWrite(deps.db, SERVER_ACTOR, deps.now(), (tx) => takeOidcLogin(tx, tokenHash(state))),

    async signInWithOidc(who: OidcIdentity): Promise<SignedIn> {
      const linked = await accountOfIdentity(deps.db.pool, who.issuer, who.subject);
      if (linked) return sessionFor(linked);
      // Not linked yet: only a verified email may find the invited person.
      if (!who.email || !who.emailVerified)
        throw forbidden('Your identity provider did not confirm your email address, so it cannot be matched to an invitation.');
      const email = who.email;
      const accountId = await teamWrite(deps.db, SERVER_ACTOR, deps.now(), async (tx) => {
        const existing = await findAccount(tx.client, { email });
        if (existing) {
          // The account already has another identity at this provider: the email was given to someone else there.
          if (await hasIdentityAt(tx.client, existing.id, who.issuer))
            throw forbidden('This account is linked to a different identity at this provider. Ask an admin.');
          await linkIdentity(tx, who.issuer, who.subject, existing.id);
          return existing.id;
        }
        const invitation = await redeemInvitationForEmail(tx, emailKey(email));
        if (!invitation) throw refused(403, NOT_INVITED);
        const id = randomUUID();
        const name = (who.name?.trim() || email.split('@')[0] || email).slice(0, 100);
        await insertAccount(tx, { id, email, name, passwordHash: null, roles: invitation.roles, workflowScope: invitation.workflowScope });
        await addMemberships(tx, id, await existingWorkspaceIds(tx.client, invitation.workspaceIds));
        await linkIdentity(tx, who.issuer, who.subject, id);
        return id;
      });
      return sessionFor(accountId);
    },
  };

  async function sessionFor(accountId: string): Promise<SignedIn> {
    const account = await findAccount(deps.db.pool, { id: accountId });
    if (!account) throw refused(403, NOT_INVITED);
    const session = await teamWrite(deps.db, actorOf(account), deps.now(), (tx) => startSession(tx, deps, account.id));
    return { ...session, account: teamAccountOf(account) };
  }
}
