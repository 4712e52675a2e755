import { z } from 'zod';
import { Id, WorkspaceScoped } from '../common/schemas';
import { defineChannels } from '../contract/channel';
import { Email, RoleList } from './model';
import { ROLES } from './rules';

/**
 * Team administration in the app (issue 14 §3): the channels behind the Team screen. Every one is
 * scoped to the current workspace, so dispatch's check refuses a workspace the admin was not
 * invited to, and the rule `admin` in rules.ts refuses everyone else. Outside a team server
 * (desktop, loopback browser mode) they answer REFUSED: there are no accounts there.
 */
const WorkflowLimit = z.array(Id).max(500).nullable().default(null);
const When = z.string();

export const TeamMember = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  /** null: every workflow; else an editor changes only these. */
  workflowScope: z.array(z.string()).nullable(),
  /** The newest session's start (ISO time), or null: never signed in. */
  lastSignInAt: When.nullable(),
  /** The OIDC issuer this account signs in with, if it was linked to one. */
  oidcIssuer: z.string().nullable(),
  /** Locked after repeated wrong passwords until this time (ISO), or null. */
  lockedUntil: When.nullable(),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const TeamInvitation = z.object({
  /** Names the invitation for revoking; it is the SHA-256 of the link's token, from which the token cannot be had. */
  id: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  workflowScope: z.array(z.string()).nullable(),
  invitedBy: z.string().nullable(),
  createdAt: When,
  expiresAt: When,
});
export type TeamInvitation = z.infer<typeof TeamInvitation>;

/** A one-time link, returned once: `link` is a path on the server (`/?invitation=…`), the browser adds its origin. */
export const OneTimeLink = z.object({ link: z.string(), expiresAt: When });
export type OneTimeLink = z.infer<typeof OneTimeLink>;

const Member = WorkspaceScoped.extend({ accountId: z.string().min(1).max(100) });

export const teamAdminChannels = defineChannels({
  'team:members': { request: WorkspaceScoped, response: z.array(TeamMember) },
  'team:invitations': { request: WorkspaceScoped, response: z.array(TeamInvitation) },
  'team:invite': {
    request: WorkspaceScoped.extend({ email: Email, roles: RoleList, workflowScope: WorkflowLimit }),
    response: OneTimeLink,
  },
  'team:revoke-invitation': {
    request: WorkspaceScoped.extend({ id: z.string().regex(/^[0-9a-f]{64}$/, 'Invalid invitation') }),
    response: z.object({ revoked: z.literal(true) }),
  },
  'team:set-grants': { request: Member.extend({ roles: RoleList, workflowScope: WorkflowLimit }), response: TeamMember },
  'team:remove-member': { request: Member, response: z.object({ removed: z.literal(true) }) },
  'team:reset-link': { request: Member, response: OneTimeLink },
  'team:sign-out-everywhere': { request: Member, response: z.object({ signedOut: z.number().int().min(0) }) },
});
