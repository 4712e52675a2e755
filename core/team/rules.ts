import type { Channel } from '../contract/index';

/** The roles of a team workspace (issue 14 §3). An account may hold several. */
export const ROLES = ['admin', 'editor', 'approver', 'facilitator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a request touches, for the workflow scope of a limited editor (one who may change only
 * the agents and grants of named workflows):
 * - `workflow`: `id` is a workflow;
 * - `agent`: `id` is an agent (and `agent.workflowIds`, when given, are where it goes);
 * - `new-agent`: `agent.workflowIds`;
 * - `agent-ref`: `agentId` names the agent whose records change (answers, evidence);
 * - `grant`: `id` is a grant (and `grant.agentId`, when given, is where it goes);
 * - `new-grant`: `grant.agentId`;
 * - `shared`: something every workflow shares (systems, environments, new workflows, discovered
 *   imports): only an editor without a limit may.
 */
export type ScopeKind = 'workflow' | 'agent' | 'new-agent' | 'agent-ref' | 'grant' | 'new-grant' | 'shared';

/**
 * One channel's rule. `role`: who may (admin always may; `viewer` means any signed-in role).
 * `scope`: the workflow scope applies to editors limited to named workflows.
 * `local`: the channel reads or writes the server's own files or processes (paths, save dialogs,
 * live-fire rogues, the desktop profile): refused for everyone on a team server.
 */
export type Rule = { role: Role; scope?: ScopeKind; local?: true };

const read: Rule = { role: 'viewer' };
const admin: Rule = { role: 'admin' };
const local: Rule = { role: 'admin', local: true };
const edit = (scope: ScopeKind): Rule => ({ role: 'editor', scope });
const approve: Rule = { role: 'approver' };
const facilitate: Rule = { role: 'facilitator' };

/**
 * Authorization as one table (issue 14 §3): every channel of the contract -> its rule. Exhaustive
 * at compile time: a new channel without a rule fails `tsc`.
 */
export const AUTHORIZATION = {
  // workspaces and the app
  'app:info': read,
  'workspace:list': read,
  'workspace:open': read,
  'workspace:create': admin,
  'workspace:rename': admin,
  'workspace:forgetLast': local,
  'profile:get': read,
  'profile:set': local,
  // inventory
  'inventory:overview': read,
  'inventory:summary': read,
  'inventory:matrix': read,
  'inventory:agentNames': read,
  'inventory:deleteImpact': read,
  'workflow:create': edit('shared'),
  'workflow:update': edit('workflow'),
  'workflow:delete': edit('workflow'),
  'agent:get': read,
  'agent:create': edit('new-agent'),
  'agent:update': edit('agent'),
  'agent:delete': edit('agent'),
  'system:create': edit('shared'),
  'system:update': edit('shared'),
  'system:delete': edit('shared'),
  'environment:create': edit('shared'),
  'environment:update': edit('shared'),
  'environment:delete': edit('shared'),
  'grant:create': edit('new-grant'),
  'grant:update': edit('grant'),
  'grant:delete': edit('grant'),
  'grant:approve': approve,
  'grant:approvals': read,
  'risk:accept': approve,
  'risk:revoke': approve,
  // scoring
  'checklist:list': read,
  'checklist:get': read,
  'checklist:load': admin,
  'checklist:activate': admin,
  'answer:set': edit('agent-ref'),
  'answer:clear': edit('agent-ref'),
  'evidence:add': edit('agent-ref'),
  'evidence:remove': edit('shared'),
  'evidence:file': read,
  'score:agent': read,
  'score:agents': read,
  'score:average': read,
  'score:dashboard': read,
  'assessment:current': read,
  'assessment:get': read,
  'assessment:list': read,
  'assessment:compare': read,
  'assessment:trends': read,
  'assessment:finalise': approve,
  'policy:evaluate': read,
  // drills
  'drills:scenarios': read,
  'drills:scenario': read,
  'drills:import-scenario': facilitate,
  'drills:remove-scenario': facilitate,
  'drills:create': facilitate,
  'drills:get': read,
  'drills:events': read,
  'drills:history': read,
  'drills:append': facilitate,
  'drills:tick': facilitate,
  'drills:complete': facilitate,
  'drills:discard': facilitate,
  'drills:correct': facilitate,
  'drills:resume': facilitate,
  'drills:resume-offer': read,
  'drills:aar-save': facilitate,
  'drills:aar-signoff': approve,
  'drills:action-close': facilitate,
  'drills:situation-manual': read,
  'drills:aar-ip': read,
  'drills:live-fire-start': local,
  'drills:live-fire-status': local,
  'drills:live-fire-query': local,
  'drills:live-fire-contain': local,
  'drills:live-fire-verify': local,
  'drills:live-fire-restore': local,
  'drills:live-fire-end': local,
  // corrective actions
  'actions:list': read,
  'actions:get': read,
  'actions:create': facilitate,
  'actions:update': facilitate,
  'actions:set-status': facilitate,
  // backups (the server's own backups: admins; paths on the server: nobody)
  'backup:create': admin,
  'backup:list': admin,
  'backup:retained': admin,
  'backup:releaseRetained': admin,
  'backup:restore': admin,
  'backup:restoreOffer': admin,
  'backup:listByPath': local,
  'backup:restoreByPath': local,
  'backup:restoreFile': local,
  // transfer, reports, packs
  'export:workspace': read,
  'export:data': read,
  'export:save': local,
  // Streamed exports write to a folder the CLI names or the desktop's save dialog: the server's own files.
  'export:dataFile': local,
  'export:workspaceFile': local,
  'import:preview': admin,
  'import:apply': admin,
  'import:applyFile': local,
  'import:workspace': admin,
  'report:preview': read,
  'report:export': read,
  'report:cancel': read,
  'pack:key': admin,
  'pack:build': local,
  'pack:save': local,
  'pack:download': read,
  'pack:verify': local,
  // discovery (files are uploaded by the client; paths on the server are not read)
  'discovery:run': edit('shared'),
  'discovery:runPaths': local,
  'discovery:runs': read,
  'discovery:get': read,
  'discovery:accept': edit('shared'),
  'discovery:drift': read,
  'discovery:provenance': read,
  // change history
  'history:list': read,
  'history:verify': read,
  'history:export': read,
  // activity logs
  'activity:import-files': edit('shared'),
  'activity:import-path': local,
  'activity:progress': read,
  'activity:cancel': edit('shared'),
  'activity:reattribute': edit('shared'),
  'activity:sources': read,
  'activity:summary': read,
  'activity:findings': read,
  'activity:finding-events': read,
  'activity:dashboard': read,
  'activity:timeline': read,
  'activity:events': read,
  'activity:approvals': read,
  'activity:approval-record': approve,
  'activity:approval-withdraw': approve,
  // team administration (the Team screen): admins of the workspace; outside a team server there are no accounts
  'team:members': admin,
  'team:invitations': admin,
  'team:invite': admin,
  'team:revoke-invitation': admin,
  'team:set-grants': admin,
  'team:remove-member': admin,
  'team:reset-link': admin,
  'team:sign-out-everywhere': admin,
} as const satisfies Record<Channel, Rule>;

export const ruleOf = (channel: Channel): Rule => AUTHORIZATION[channel];
