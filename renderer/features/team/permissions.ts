import type { Channel } from '../../../core/contract/index';
import { authorize, ruleOf, type TeamAccount } from '../../../core/team/authorization';
import type { TeamState } from './team';

/**
 * Whether the signed-in account may use a channel, decided with core/team's one table and its
 * `authorize`, the check the server runs (issue 14 §3). The renderer only hides or disables
 * controls: the server stays the enforcement. Outside team mode everything is usable.
 *
 * `workflowIds`: the workflows of the record the control changes (an agent's), so an editor
 * limited to named workflows sees edit controls only on their own agents. Without it (a new
 * record, a form that picks its workflows) the limit is left to the server, except for what every
 * workflow shares (systems, environments, new workflows), which needs an unlimited editor.
 */
export type Permission = { allowed: true } | { allowed: false; reason: string; readOnly: boolean };

const ALLOWED: Permission = { allowed: true };

export function decide(state: TeamState, channel: Channel, workflowIds?: readonly string[]): Permission {
  if (!state.team) return ALLOWED;
  const me = state.account;
  if (!me) return { allowed: false, reason: 'Sign in first.', readOnly: true };
  const account: TeamAccount = { ...me, workspaces: me.workspaces };
  const rule = ruleOf(channel);
  const touched = () => (rule.scope === 'shared' ? null : (workflowIds ?? me.workflowScope ?? []));
  const d = authorize(account, channel, {}, touched);
  if (d.allowed) return ALLOWED;
  // Someone who only reads sees no controls at all; someone with other roles sees why this one is not theirs.
  const readOnly = me.roles.every((r) => r === 'viewer');
  if (rule.local) return { allowed: false, reason: 'Not available on a team server.', readOnly };
  if (!me.roles.includes(rule.role)) return { allowed: false, reason: `Needs the ${rule.role} role.`, readOnly };
  return {
    allowed: false,
    reason:
      rule.scope === 'shared'
        ? 'Needs an editor not limited to named workflows: this is shared by every workflow.'
        : 'You may change only the agents of the workflows you were given.',
    readOnly,
  };
}
