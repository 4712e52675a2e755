import type { ActionClass } from '../inventory/model';

/** An action class and the rule that gave it: every classification says why. */
export type Classified = { actionClass: ActionClass; why: string };

type Rule = { test: RegExp; actionClass: ActionClass; why: string };

const at = (rules: readonly Rule[], text: string, what: string, fallback: Classified): Classified => {
  for (const rule of rules) if (rule.test.test(text)) return { actionClass: rule.actionClass, why: `${rule.why} (${what})` };
  return fallback;
};

/**
 * CloudTrail eventNames (reference section 1). Lambda names carry version suffixes, so every rule
 * matches on the prefix. Order matters: a permission change is checked before a generic write.
 */
const CLOUDTRAIL_RULES: readonly Rule[] = [
  // not named Delete*, but they expire data or stop protecting it (reference section 1)
  {
    test: /^(PutBucketLifecycle|PutBucketVersioning|UpdateTrail|PutEventSelectors)/,
    actionClass: 'delete',
    why: 'can expire data or weaken its protection',
  },
  { test: /^ChangeResourceRecordSets/, actionClass: 'deploy', why: 'changes live DNS routing' },
  {
    test: /^(Delete|Terminate|Remove|Destroy|BatchDelete|Purge|ScheduleKeyDeletion|DisableKey|StopLogging)/,
    actionClass: 'delete',
    why: 'deletes or disables',
  },
  {
    test: /^(Attach\w*Policy|Put\w*Policy|Detach\w*Policy|CreateAccessKey|UpdateAssumeRolePolicy|AuthorizeSecurityGroup|PutBucketAcl|CreateRole|CreateUser|AddUserToGroup|CreateLoginProfile|UpdateLoginProfile|PassRole|CreateGrant)/,
    actionClass: 'permission-change',
    why: 'changes who may do what',
  },
  {
    test: /^(UpdateFunctionCode|CreateDeployment|UpdateService|CreateStack|UpdateStack|ExecuteChangeSet|RegisterTaskDefinition|PublishVersion|UpdateFunctionConfiguration)/,
    actionClass: 'deploy',
    why: 'deploys code or infrastructure',
  },
  { test: /^(SendEmail|SendRawEmail|Publish|SendMessage|PutEvents)/, actionClass: 'external-send', why: 'sends a message out' },
  { test: /^(Get|List|Describe|Lookup|Head|Search|Select|Scan|Query|BatchGet|Decrypt|GenerateDataKey)/, actionClass: 'read', why: 'reads' },
];

export function classifyCloudTrail(eventName: string, readOnly: boolean | undefined): Classified {
  const fallback: Classified =
    readOnly === true
      ? { actionClass: 'read', why: `readOnly is true (${eventName})` }
      : { actionClass: 'write', why: `no destructive rule matched; not read-only (${eventName})` };
  if (readOnly === true) return fallback;
  return at(CLOUDTRAIL_RULES, eventName, eventName, fallback);
}

const K8S_RBAC = /^(roles|rolebindings|clusterroles|clusterrolebindings|serviceaccounts\/token|certificatesigningrequests)$/;
const K8S_WORKLOADS = /^(deployments|statefulsets|daemonsets|replicasets|cronjobs|jobs|pods)$/;

export function classifyKubernetes(verb: string, resource: string | undefined, subresource: string | undefined): Classified {
  const what = `${verb} ${resource ?? '?'}${subresource ? `/${subresource}` : ''}`;
  if (/^(get|list|watch)$/.test(verb)) return { actionClass: 'read', why: `verb ${verb} reads (${what})` };
  if (/^(delete|deletecollection)$/.test(verb)) return { actionClass: 'delete', why: `verb ${verb} deletes (${what})` };
  if (resource && K8S_RBAC.test(resource)) return { actionClass: 'permission-change', why: `changes RBAC (${what})` };
  if (subresource === 'exec' || subresource === 'attach') return { actionClass: 'execute', why: `runs a command in a pod (${what})` };
  if (resource && K8S_WORKLOADS.test(resource)) return { actionClass: 'deploy', why: `changes a workload (${what})` };
  return { actionClass: 'write', why: `verb ${verb} changes state (${what})` };
}

const SQL_RULES: readonly Rule[] = [
  { test: /^(DROP|TRUNCATE|DELETE)\b/i, actionClass: 'delete', why: 'SQL that removes data or objects' },
  {
    test: /^(GRANT|REVOKE|CREATE ROLE|ALTER ROLE|CREATE USER|ALTER USER|DROP ROLE|ALTER DEFAULT PRIVILEGES)\b/i,
    actionClass: 'permission-change',
    why: 'SQL that changes privileges',
  },
  { test: /^(SELECT|SHOW|EXPLAIN|WITH\b(?![\s\S]*\b(DELETE|UPDATE|INSERT)\b)|COPY \S+ TO)\b/i, actionClass: 'read', why: 'SQL that reads' },
];

export function classifySql(command: string): Classified {
  const head = command.trim().replace(/\s+/g, ' ');
  if (/^DROP (ROLE|USER)\b/i.test(head))
    return { actionClass: 'permission-change', why: `SQL that changes privileges (${head.split(' ').slice(0, 2).join(' ')})` };
  return at(SQL_RULES, head, head.split(' ').slice(0, 2).join(' '), {
    actionClass: 'write',
    why: `SQL that changes data or schema (${head.split(' ')[0] ?? ''})`,
  });
}

/** Shell command lines an agent ran (Claude Code Bash, Codex shell). Untrusted hints, so the rules lean to the dangerous side. */
const SHELL_RULES: readonly Rule[] = [
  {
    test: /\b(kubectl\s+(delete|drain)|rm\s+-\w*[rf]|terraform\s+destroy|helm\s+(uninstall|delete)|aws\s+\S+\s+(delete|terminate|remove)-|aws\s+s3\s+(rb|rm)\b|gcloud\s.*\bdelete\b|az\s.*\bdelete\b|git\s+push\s+.*(--force|-f\b|--delete)|drop\s+(table|database|schema)|truncate\s+table|delete\s+from|dropdb)\b/i,
    actionClass: 'delete',
    why: 'command deletes or destroys',
  },
  { test: /\b(stripe|paypal|charge|refund|payout|transfer\s+funds|invoice\s+pay)\b/i, actionClass: 'payment', why: 'command moves money' },
  {
    test: /\b(chmod|chown|iam\s+(attach|put|create-access-key)|kubectl\s+create\s+(role|clusterrole|rolebinding)|grant\s|setfacl|usermod)\b/i,
    actionClass: 'permission-change',
    why: 'command changes permissions',
  },
  {
    test: /\b(kubectl\s+(apply|rollout|set\s+image|scale|create)|terraform\s+apply|helm\s+(upgrade|install)|git\s+push|deploy|npm\s+publish|docker\s+push)\b/i,
    actionClass: 'deploy',
    why: 'command deploys or publishes',
  },
  {
    test: /\b(curl\s.*-X\s*(POST|PUT|PATCH)|curl\s.*(--data|-d)\b|sendmail|mail\s|slack|gh\s+issue\s+comment)\b/i,
    actionClass: 'external-send',
    why: 'command sends data out',
  },
  {
    test: /^\s*(ls|cat|head|tail|grep|rg|find|pwd|echo|git\s+(status|log|diff|show)|kubectl\s+(get|describe|logs)|aws\s+\S+\s+(describe|list|get)-|psql\s.*-c\s*["']?select)\b/i,
    actionClass: 'read',
    why: 'command reads',
  },
];

export function classifyCommand(command: string): Classified {
  return at(SHELL_RULES, command, 'command', { actionClass: 'write', why: 'no rule matched the command; treated as a write' });
}

const TOOL_NAME_RULES: readonly Rule[] = [
  { test: /^(Read|Grep|Glob|LS|WebFetch|WebSearch|TodoRead|NotebookRead)$/, actionClass: 'read', why: 'built-in read tool' },
  { test: /^(Edit|Write|MultiEdit|NotebookEdit|TodoWrite)$/, actionClass: 'write', why: 'built-in file-writing tool' },
  { test: /(delete|drop|remove|destroy|truncate|purge|terminate)/i, actionClass: 'delete', why: 'tool name says it deletes' },
  { test: /(pay|charge|refund|payout|transfer_funds)/i, actionClass: 'payment', why: 'tool name says it moves money' },
  { test: /(grant|permission|role|policy|acl)/i, actionClass: 'permission-change', why: 'tool name says it changes permissions' },
  { test: /(deploy|release|publish|rollout|apply)/i, actionClass: 'deploy', why: 'tool name says it deploys' },
  { test: /(send|email|mail|slack|post_message|notify|webhook)/i, actionClass: 'external-send', why: 'tool name says it sends out' },
  {
    test: /^(get|list|read|search|query|describe|fetch|find|select)|_(get|list|read|search|describe)$/i,
    actionClass: 'read',
    why: 'tool name says it reads',
  },
];

/** A tool call: the command decides for shells, the SQL for database tools, the name (an untrusted hint) for everything else. */
export function classifyTool(toolName: string, command: string | null, sql: string | null = null): Classified {
  if (command !== null) return classifyCommand(command);
  if (sql !== null) return classifySql(sql);
  return at(TOOL_NAME_RULES, toolName, `tool ${toolName}`, {
    actionClass: 'write',
    why: `no rule matched tool ${toolName}; treated as a write`,
  });
}

const GITHUB_RULES: readonly Rule[] = [
  {
    test: /(\.destroy$|\.delete$|^repo\.transfer$|^repo\.archived$|\.remove_member$)/,
    actionClass: 'delete',
    why: 'destroys, removes or transfers',
  },
  {
    test: /^(protected_branch\.(policy_override|update_\w+|create)|\w+\.add_member|\w+\.update_member|org\.update_default_repository_permission|repo\.access|team\.add_repository|\w+\.(create|update)_\w*permission\w*|oauth_authorization\.create|personal_access_token\.\w+|deploy_key\.create)/,
    actionClass: 'permission-change',
    why: 'changes access or protection',
  },
  { test: /^(workflows\.|environment\.|git\.push$|release\.)/, actionClass: 'deploy', why: 'pushes or deploys' },
  { test: /^git\.(clone|fetch)$/, actionClass: 'read', why: 'reads the repository' },
];

export function classifyGitHub(action: string): Classified {
  return at(GITHUB_RULES, action, action, { actionClass: 'write', why: `no rule matched ${action}; treated as a write` });
}
