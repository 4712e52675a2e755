import type { Channel } from '../contract/index';
import { ruleOf, type Role, type ScopeKind } from './rules';

export { AUTHORIZATION, ROLES, ruleOf, type Role, type Rule, type ScopeKind } from './rules';

/** The signed-in account a team-mode request runs as. */
export type TeamAccount = {
  id: string;
  name: string;
  roles: readonly Role[];
  /** The workflows an editor may change; null: every workflow. */
  workflowScope: readonly string[] | null;
  /** The workspaces the account was invited to: the only ones it sees. */
  workspaces: readonly string[];
};

export type Decision = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

/** The ids a request names, by its channel's scope kind; the service layer turns them into workflow ids. */
export type ScopeTargets = { workflowIds: string[]; agentIds: string[]; grantIds: string[] };

const field = (v: unknown, key: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined);
const str = (v: unknown): string[] => (typeof v === 'string' && v ? [v] : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

/** What a request of this scope kind touches, read from its (unparsed) arguments; null: it touches what every workflow shares. */
export function scopeTargets(kind: ScopeKind, args: unknown): ScopeTargets | null {
  const id = str(field(args, 'id'));
  const none: ScopeTargets = { workflowIds: [], agentIds: [], grantIds: [] };
  switch (kind) {
    case 'workflow':
      return { ...none, workflowIds: id };
    case 'agent':
      return { ...none, agentIds: id, workflowIds: strs(field(field(args, 'agent'), 'workflowIds')) };
    case 'new-agent':
      return { ...none, workflowIds: strs(field(field(args, 'agent'), 'workflowIds')) };
    case 'agent-ref':
      return { ...none, agentIds: str(field(args, 'agentId')) };
    case 'grant':
      return { ...none, grantIds: id, agentIds: str(field(field(args, 'grant'), 'agentId')) };
    case 'new-grant':
      return { ...none, agentIds: str(field(field(args, 'grant'), 'agentId')) };
    case 'shared':
      return null;
  }
}

/**
 * The one authorization check (issue 14 §3), run by dispatch for every channel in team mode:
 * signed out -> 401; a channel on the server's own files -> 403; a workspace the account was not
 * invited to -> 403; no role the table asks for -> 403; an editor limited to named workflows ->
 * 403 unless every workflow the request touches is one of them. `workflowsTouched` is asked only
 * for that last check (it reads the workspace): the workflow ids, or null when they cannot be told.
 */
export function authorize(
  account: TeamAccount | null,
  channel: Channel,
  args: unknown,
  workflowsTouched: () => readonly string[] | null,
): Decision {
  if (!account) return { allowed: false, status: 401, reason: 'Sign in first.' };
  const rule = ruleOf(channel);
  const deny = (reason: string): Decision => ({ allowed: false, status: 403, reason });
  if (rule.local) return deny(`"${channel}" works on the server's own files and is not available in a team workspace.`);
  const workspaceId = field(args, 'workspaceId');
  if (typeof workspaceId === 'string' && !account.workspaces.includes(workspaceId))
    return deny('This workspace is not one you were invited to.');
  const roles = account.roles;
  if (roles.includes('admin')) return { allowed: true };
  const holds = rule.role === 'viewer' ? roles.length > 0 : roles.includes(rule.role);
  if (!holds) return deny(`"${channel}" needs the ${rule.role} role.`);
  if (rule.role === 'editor' && rule.scope && account.workflowScope !== null) {
    const touched = workflowsTouched();
    const allowed = new Set(account.workflowScope);
    if (!touched || touched.length === 0 || touched.some((w) => !allowed.has(w)))
      return deny(`You may change only the workflows you were given: this change reaches beyond them.`);
  }
  return { allowed: true };
}
