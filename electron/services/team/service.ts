import type { TeamDatabase } from '../../store/team/database';
import { accountFunctions } from './accounts';
import { adminFunctions } from './admin';
import { DEFAULT_POLICY, type TeamPolicy } from './deps';
import { oidcAccountFunctions } from './oidc-accounts';
import { sessionFunctions } from './sessions';

export { DEFAULT_POLICY, type TeamPolicy } from './deps';
export type { OneTimeToken } from './accounts';
export type { SignedIn } from './sessions';

/**
 * The team account service (issue 14 §3) over the PostgreSQL team store: first admin,
 * workspaces, invitations, roles and workflow scopes, password resets, sign-in with lockout and
 * rate limit, OIDC sign-in of invited people, sessions and sign-out everywhere. The team HTTP server is its door;
 * `accountOfSession` gives the TeamAccount that dispatch authorizes.
 */
export function createTeamService(db: TeamDatabase, opts: { now?: () => Date; policy?: Partial<TeamPolicy> } = {}) {
  const deps = { db, now: opts.now ?? (() => new Date()), policy: { ...DEFAULT_POLICY, ...opts.policy } };
  const accounts = accountFunctions(deps);
  return { ...accounts, ...sessionFunctions(deps), ...oidcAccountFunctions(deps), admin: adminFunctions(deps, accounts) };
}

export type TeamService = ReturnType<typeof createTeamService>;
