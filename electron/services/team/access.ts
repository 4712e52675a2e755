import { AppError, type SerializedError } from '../../../core/common/errors';
import type { Channel } from '../../../core/contract/index';
import { authorize, ruleOf, scopeTargets, type TeamAccount } from '../../../core/team/authorization';
import { agentIdOfGrant, workflowIdsOfAgent } from '../../store/inventory/queries';
import type { ServiceContext } from '../context';
import type { TeamService } from './service';

/**
 * What a team-mode door puts on the service context: who is signed in (null: nobody), and the
 * account service the team administration channels run on. Absent: desktop, loopback, CLI.
 */
export type TeamSession = { account: TeamAccount | null; service?: TeamService };

/**
 * The workflows a request touches, for an editor limited to named workflows: the ones it names,
 * those of the agents it names or changes, and those of the grants' agents. Null when it names
 * something that does not exist or the workspace cannot be read (the check then refuses).
 */
export function workflowsTouched(ctx: ServiceContext, channel: Channel, args: unknown): string[] | null {
  const kind = ruleOf(channel).scope;
  const targets = kind ? scopeTargets(kind, args) : null;
  if (!targets) return null;
  const workspaceId = (args as { workspaceId?: unknown }).workspaceId;
  if (typeof workspaceId !== 'string') return null;
  const touched = new Set(targets.workflowIds);
  try {
    const db = ctx.workspace(workspaceId).db;
    const agents = [...targets.agentIds];
    for (const grantId of targets.grantIds) {
      const agentId = agentIdOfGrant(db, grantId);
      if (!agentId) return null;
      agents.push(agentId);
    }
    for (const agentId of agents) {
      const ids = workflowIdsOfAgent(db, agentId);
      if (ids.length === 0) return null; // unknown agent, or one no workflow owns: not within any limit
      for (const id of ids) touched.add(id);
    }
  } catch {
    return null;
  }
  return [...touched];
}

/** Dispatch's team-mode check: null when the request may run, else the error to return (401 or 403). */
export function refusal(ctx: ServiceContext & { team: TeamSession }, channel: Channel, args: unknown): SerializedError | null {
  const decision = authorize(ctx.team.account, channel, args, () => workflowsTouched(ctx, channel, args));
  if (decision.allowed) return null;
  const code = decision.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  return new AppError(code, decision.reason, { details: { status: decision.status } }).toJSON();
}

/** Team mode shows an account only the workspaces it was invited to (and no one else's last-opened workspace: each person picks). */
export function visibleResponse(ctx: ServiceContext & { team: TeamSession }, channel: Channel, value: unknown): unknown {
  if (channel === 'app:info' && typeof value === 'object' && value !== null) return { ...value, lastWorkspaceId: null };
  if (channel !== 'workspace:list' || !Array.isArray(value)) return value;
  const mine = new Set(ctx.team.account?.workspaces ?? []);
  return value.filter((w: { id?: unknown }) => typeof w.id === 'string' && mine.has(w.id));
}
