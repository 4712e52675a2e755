import type { z } from 'zod';
import { AppError } from '../../../core/common/errors';
import type { TeamAccount } from '../../../core/team/authorization';
import { findAccount, type AccountRow } from '../../store/team/accounts';
import type { TeamActor, TeamDatabase } from '../../store/team/database';
import type { ScryptParams } from './secrets';

/** How long things last and when sign-in stops trying (defaults in DEFAULT_POLICY). */
export type TeamPolicy = {
  sessionTtlMs: number;
  inviteTtlMs: number;
  resetTtlMs: number;
  /** Consecutive wrong passwords that lock an account... */
  lockAfter: number;
  /** ...for this long. */
  lockForMs: number;
  /** At most `perClient` attempts from one client and `perEmail` for one email within `windowMs`. */
  rateLimit: { windowMs: number; perClient: number; perEmail: number };
  scrypt?: ScryptParams;
};

export const DEFAULT_POLICY: TeamPolicy = {
  sessionTtlMs: 12 * 3600_000,
  inviteTtlMs: 7 * 24 * 3600_000,
  resetTtlMs: 3600_000,
  lockAfter: 5,
  lockForMs: 15 * 60_000,
  rateLimit: { windowMs: 15 * 60_000, perClient: 30, perEmail: 10 },
};

export type TeamDeps = { db: TeamDatabase; now: () => Date; policy: TeamPolicy };

export const actorOf = (a: Pick<AccountRow, 'id' | 'name'>): TeamActor => ({ accountId: a.id, name: a.name });
export const SERVER_ACTOR: TeamActor = { accountId: null, name: 'team server' };

/** What dispatch needs of an account (core/team/authorization's TeamAccount). */
export const teamAccountOf = (a: AccountRow): TeamAccount => ({
  id: a.id,
  name: a.name,
  roles: a.roles,
  workflowScope: a.workflowScope,
  workspaces: a.workspaces,
});

export const refused = (status: number, message: string) => new AppError('REFUSED', message, { details: { status } });
export const forbidden = (message: string) => new AppError('FORBIDDEN', message, { details: { status: 403 } });
export const unauthenticated = (message: string) => new AppError('UNAUTHENTICATED', message, { details: { status: 401 } });

/** The acting account, which must exist and be an admin. */
export async function requireAdmin(deps: TeamDeps, accountId: string): Promise<AccountRow> {
  const a = await findAccount(deps.db.pool, { id: accountId });
  if (!a) throw unauthenticated('Sign in first.');
  if (!a.roles.includes('admin')) throw forbidden('Only an admin may do this.');
  return a;
}

/** Parses a service input with its zod schema; a failure is a VALIDATION AppError naming each field, as dispatch gives. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0]!;
  throw new AppError('VALIDATION', first.path ? `${first.path}: ${first.message}` : first.message, { issues });
}
