/**
 * Unknown actors holding production delete rights (issue 13 section 2): an identity the imported logs show
 * acting, that matches no inventory agent, and that the latest discovery run found holding delete (or admin)
 * in a production environment, from an IAM, Kubernetes RBAC, PostgreSQL or GitHub export. It needs no delete
 * in the logs: holding the right is the finding. (An unknown actor that did delete in production is the event
 * rule `unknown-actor-production-delete`.) Distinct actors and discovered holders are both few: pairs are tried.
 */
import type { Database } from 'better-sqlite3';
import { matchIdentity } from '../../../core/activity/index';
import type { Proposal, ProposedGrant } from '../../../core/discovery/index';
import { unknownActors } from '../../store/activity/behaviour-queries';
import { listRuns } from '../../store/discovery/runs';

export type UnknownHolder = { actor: string; principal: string; message: string; eventIds: string[] };

const holdsProductionDelete = (g: ProposedGrant): boolean =>
  g.environmentTier === 'production' && (g.actions.includes('delete') || g.actions.includes('admin'));

export function unknownActorsWithDeleteRights(db: Database): UnknownHolder[] {
  const [run] = listRuns<Proposal, unknown>(db, 1);
  const holders = (run?.proposal.grants ?? []).filter(holdsProductionDelete);
  if (run === undefined || holders.length === 0) return [];
  const out: UnknownHolder[] = [];
  for (const u of unknownActors(db)) {
    // The stored hint is the most specific actor the record named: try it as each kind of identity.
    const actor = { roleArn: u.actor, serviceAccount: u.actor, dbRole: u.actor, username: u.actor };
    for (const g of holders) {
      const m = matchIdentity(g.agentName, actor);
      if (m === null) continue;
      out.push({
        actor: u.actor,
        principal: g.agentName,
        message:
          `Unknown actor ${u.actor} holds production delete rights: the discovery run of ${run.at} found ${g.agentName} ` +
          `with ${g.actions.join(', ')} on ${g.systemName} in ${g.environmentName}; the logs show it in ${u.events} event(s), ` +
          `and it is no inventory agent's credential`,
        eventIds: [String(u.firstSeq)],
      });
      break;
    }
  }
  return out;
}
