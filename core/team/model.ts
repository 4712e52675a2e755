import { z } from 'zod';
import { Id } from '../common/schemas';
import { ROLES } from './rules';

/** The inputs of the team account service (issue 14 §3), parsed at its boundary like every channel's. */
export const Email = z
  .string()
  .trim()
  .max(254, 'At most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+$/, 'Enter an email address');

/** Long enough to resist guessing, bounded so hashing cannot be used to exhaust the server. */
export const Password = z.string().min(12, 'At least 12 characters').max(1024, 'At most 1024 characters');

export const PersonName = z.string().trim().min(1, 'Enter a name').max(200, 'At most 200 characters');

export const RoleList = z.array(z.enum(ROLES)).min(1, 'Choose at least one role').max(ROLES.length);

export const Grants = z.object({
  roles: RoleList,
  /** null: every workflow; else an editor changes only these. */
  workflowScope: z.array(Id).max(500).nullable().default(null),
  workspaceIds: z.array(Id).max(500).default([]),
});

export const BootstrapInput = z.object({
  email: Email,
  name: PersonName,
  password: Password,
  workspace: z.object({ id: Id, name: PersonName }),
});
export const InviteInput = Grants.extend({ email: Email });
export const AcceptInput = z.object({ token: z.string().min(20).max(200), name: PersonName, password: Password });
export const SignInInput = z.object({
  email: Email,
  password: z.string().min(1).max(1024),
  client: z.string().max(200).default('unknown'),
});
export const ResetInput = z.object({ token: z.string().min(20).max(200), password: Password });

export type InviteInput = z.input<typeof InviteInput>;

/**
 * The claims OIDC sign-in reads from a verified ID token (or the provider's userinfo answer):
 * `sub` and `iss` identify the person; `email` with `email_verified: true` finds the invitation.
 */
export const OidcClaims = z.object({
  iss: z.string().min(1).max(2000),
  sub: z.string().min(1).max(255),
  email: Email.optional().catch(undefined),
  email_verified: z.unknown().optional(),
  name: z.string().max(200).optional().catch(undefined),
});
