import type { z } from 'zod';
import type { TeamAccount } from '../../../core/team/authorization';
import { SignInInput } from '../../../core/team/model';
import { clearFailedSignins, emailKey, findAccount, recordFailedSignin } from '../../store/team/accounts';
import { teamWrite, type TeamTx } from '../../store/team/database';
import { insertSession, revokeAllSessions, revokeSession, sessionAccount } from '../../store/team/sessions';
import { countAttempts, recordAttempt } from '../../store/team/signin-attempts';
import { actorOf, refused, SERVER_ACTOR, teamAccountOf, unauthenticated, type TeamDeps, parseInput } from './deps';
import { absentAccountHash, newToken, tokenHash, verifyPassword } from './secrets';

export type SignedIn = { token: string; expiresAt: Date; account: TeamAccount };

const WRONG = 'Wrong email or password.';
const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** A new session of the account in `tx`: the one kind every sign-in (password, OIDC) makes, same expiry and sign-out. */
export async function startSession(tx: TeamTx, deps: TeamDeps, accountId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(tx.now.getTime() + deps.policy.sessionTtlMs);
  await insertSession(tx, tokenHash(token), accountId, expiresAt);
  return { token, expiresAt };
}

export function sessionFunctions(deps: TeamDeps) {
  return {
    /**
     * Sign-in: rate-limited per client and per email (counted in the database, so across
     * instances), and an account locks after `lockAfter` wrong passwords in a row. An unknown
     * email costs the same hashing as a known one and gets the same answer.
     */
    async signIn(raw: z.input<typeof SignInInput>): Promise<SignedIn> {
      const input = parseInput(SignInInput, raw);
      const now = deps.now();
      const { windowMs, perClient, perEmail } = deps.policy.rateLimit;
      const keys = [`client:${input.client}`, `email:${emailKey(input.email)}`];
      const since = new Date(now.getTime() - windowMs);
      const counts = await countAttempts(deps.db, keys, since);
      if ((counts.get(keys[0]!) ?? 0) >= perClient || (counts.get(keys[1]!) ?? 0) >= perEmail)
        throw refused(429, `Too many sign-in attempts. Try again in ${minutes(windowMs)} minutes.`);
      const account = await findAccount(deps.db.pool, { email: input.email });
      const ok = await verifyPassword(input.password, account?.passwordHash ?? absentAccountHash(deps.policy.scrypt));
      await recordAttempt(deps.db, keys, now, ok && account !== null, since);
      if (!account) throw unauthenticated(WRONG);
      if (account.lockedUntil && account.lockedUntil > now)
        throw refused(
          423,
          `This account is locked after repeated wrong passwords. Try again in ${minutes(account.lockedUntil.getTime() - now.getTime())} minutes, or ask an admin to reset the password.`,
        );
      if (!ok) {
        const lockedUntil = new Date(now.getTime() + deps.policy.lockForMs);
        const locked = await teamWrite(deps.db, SERVER_ACTOR, now, (tx) =>
          recordFailedSignin(tx, account.id, deps.policy.lockAfter, lockedUntil),
        );
        if (locked && locked > now)
          throw refused(423, `Too many wrong passwords: this account is locked for ${minutes(deps.policy.lockForMs)} minutes.`);
        throw unauthenticated(WRONG);
      }
      const session = await teamWrite(deps.db, actorOf(account), now, async (tx) => {
        await clearFailedSignins(tx, account.id);
        return startSession(tx, deps, account.id);
      });
      return { ...session, account: teamAccountOf(account) };
    },

    /** The account a session token signs in as, or null (unknown, expired, revoked). */
    async accountOfSession(token: string): Promise<TeamAccount | null> {
      if (typeof token !== 'string' || token.length < 20 || token.length > 200) return null;
      const accountId = await sessionAccount(deps.db, tokenHash(token), deps.now());
      const account = accountId ? await findAccount(deps.db.pool, { id: accountId }) : null;
      return account ? teamAccountOf(account) : null;
    },

    async signOut(token: string): Promise<void> {
      await teamWrite(deps.db, SERVER_ACTOR, deps.now(), (tx) => revokeSession(tx, tokenHash(token)));
    },

    /** Ends every session of the account behind this session (this one too). Returns how many ended. */
    async signOutEverywhere(token: string): Promise<number> {
      const accountId = await sessionAccount(deps.db, tokenHash(token), deps.now());
      if (!accountId) throw unauthenticated('Sign in first.');
      const account = await findAccount(deps.db.pool, { id: accountId });
      return teamWrite(deps.db, actorOf(account!), deps.now(), (tx) => revokeAllSessions(tx, accountId));
    },
  };
}
