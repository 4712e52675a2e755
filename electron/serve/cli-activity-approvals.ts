/**
 * `agent-readiness activity approve|approvals`: the human approvals a log does not carry (a ticket,
 * a chat message), recorded from a terminal or a runbook script the same way as on the Activity
 * screen. Records are append-only: a mistaken one is withdrawn with a new record, never edited.
 */
import type { ServiceContext } from '../services/context';
import { call, CliError, EXIT, withFile, out, str, type Values } from './cli-workspace';

export const APPROVAL_HELP = {
  'activity-approve': `Usage: agent-readiness activity approve --workspace FILE --target NAME --by PERSON --at TIME
                          [--agent NAME] [--minutes N] [--note TEXT]
       agent-readiness activity approve --workspace FILE --withdraw ID [--note TEXT]

Records that PERSON approved actions on the target (as the log names it) at TIME (ISO 8601, e.g.
2026-05-12T09:30:00Z). Logged destructive actions on the target within --minutes (default 60, at
most 10080) are then approved. --agent limits it to one inventory agent (else any agent).
--withdraw appends a withdrawal: the approval matches nothing from then on; its record stays.
`,
  'activity-approvals': `Usage: agent-readiness activity approvals --workspace FILE [--json]

Lists the approvals recorded in the app, withdrawals included, oldest first.
`,
} as const;

async function agentIdByName(ctx: ServiceContext, workspaceId: string, name: string): Promise<string> {
  const wanted = name.trim().toLowerCase();
  // The overview is paged (1000 agents a page): the server narrows by the name, the pages are read until it is found.
  let agent: { id: string } | undefined;
  for (let offset = 0; !agent; offset += 1000) {
    const { agents, page } = await call(ctx, 'inventory:overview', { workspaceId, q: name.trim().slice(0, 200), offset, limit: 1000 });
    agent = agents.find((a) => a.name.trim().toLowerCase() === wanted);
    if (offset + agents.length >= page.matched) break;
  }
  if (!agent) throw new CliError(`--agent: no agent named "${name.slice(0, 80)}" in this workspace.`, EXIT.INPUT);
  return agent.id;
}

async function approveCmd(v: Values): Promise<number> {
  const note = str(v.note) ?? '';
  const withdraw = str(v.withdraw);
  if (withdraw !== undefined)
    return withFile(v, async (ctx, workspaceId) => {
      const r = await call(ctx, 'activity:approval-withdraw', { workspaceId, id: withdraw, note }, { NOT_FOUND: EXIT.INPUT });
      out(`withdrawn  ${r.withdraws ?? withdraw} (record ${r.id})\n`);
      return EXIT.OK;
    });
  const target = str(v.target);
  const by = str(v.by);
  const at = str(v.at);
  if (!target) throw new CliError('--target NAME is required (the target as the log names it).', EXIT.USAGE);
  if (!by) throw new CliError('--by PERSON is required (who approved).', EXIT.USAGE);
  if (!at) throw new CliError('--at TIME is required (ISO 8601, e.g. 2026-05-12T09:30:00Z).', EXIT.USAGE);
  const minutesArg = str(v.minutes);
  const minutes = minutesArg === undefined ? 60 : Number(minutesArg);
  if (!Number.isInteger(minutes)) throw new CliError('--minutes must be a whole number of minutes (1 to 10080).', EXIT.USAGE);
  return withFile(v, async (ctx, workspaceId) => {
    const agentName = str(v.agent);
    const agentId = agentName === undefined ? null : await agentIdByName(ctx, workspaceId, agentName);
    const r = await call(ctx, 'activity:approval-record', {
      workspaceId,
      agentId,
      target,
      approvedBy: by,
      approvedAt: at,
      validMinutes: minutes,
      note,
    });
    out(`recorded   ${r.id}: ${r.approvedBy} approved ${r.target} at ${r.approvedAt} for ${r.validMinutes} min\n`);
    return EXIT.OK;
  });
}

async function listCmd(v: Values): Promise<number> {
  return withFile(v, async (ctx, workspaceId) => {
    const list = await call(ctx, 'activity:approvals', { workspaceId });
    if (v.json) out(`${JSON.stringify(list, null, 2)}\n`);
    else if (list.length === 0) out('No approvals recorded. Record one with: agent-readiness activity approve --help\n');
    else
      for (const a of list)
        out(
          a.withdraws
            ? `${a.id}  withdraws ${a.withdraws}  by ${a.recordedBy} at ${a.recordedAt}\n`
            : `${a.id}  ${a.approvedBy} approved ${a.target} at ${a.approvedAt} for ${a.validMinutes} min (recorded by ${a.recordedBy})\n`,
        );
    return EXIT.OK;
  });
}

const W = { workspace: { type: 'string' as const, short: 'w' } };
const s = { type: 'string' as const };
export const APPROVAL_COMMANDS = {
  'activity-approve': {
    options: { ...W, target: s, by: s, at: s, agent: s, minutes: s, note: s, withdraw: s },
    run: approveCmd,
  },
  'activity-approvals': { options: { ...W, json: { type: 'boolean' as const } }, run: listCmd },
};
