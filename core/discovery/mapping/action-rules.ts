import type { ActionClass } from '../../inventory/model';

/**
 * What an action is called in each source -> the app's action classes. First match wins within a
 * source; `all` = every class, so the riskiest applies. Tool names and annotations are hints written
 * by the server's author: they can add risk but never take it away.
 */
export type ActionSource = 'tool' | 'annotation' | 'iam' | 'rbac' | 'postgres' | 'github';
export type ActionRule = {
  id: string;
  source: ActionSource;
  match: RegExp;
  classes: ActionClass[] | 'all';
  label: string;
  example: string;
};

// A rules table reads best one row per line, so Prettier leaves it as written.
// prettier-ignore
export const ACTION_RULES: readonly ActionRule[] = [
  // MCP tool names, lower-cased with camelCase split by "_" (dropTable -> drop_table).
  { id: 'tool-sql', source: 'tool', match: /(execute|run|exec)_?(sql|query|statement)|(^|_)sql($|_)/, classes: ['read', 'write', 'delete', 'execute'], label: 'runs any SQL', example: 'execute_sql' },
  { id: 'tool-delete', source: 'tool', match: /delete|drop|remove|destroy|truncate|purge|wipe|(^|_)rm($|_)|erase|terminate/, classes: ['delete'], label: 'deletes', example: 'delete_file' },
  { id: 'tool-payment', source: 'tool', match: /payment|charge|refund|payout|transfer_funds|capture|subscription/, classes: ['payment'], label: 'moves money', example: 'create_refund' },
  { id: 'tool-permission', source: 'tool', match: /grant|revoke|permission|(^|_)roles?($|_)|invite|member|collaborator|policy|(^|_)iam($|_)|access_key/, classes: ['permission-change'], label: 'changes permissions', example: 'add_collaborator' },
  { id: 'tool-deploy', source: 'tool', match: /deploy|release|publish|rollout|promote|merge|(^|_)apply($|_)/, classes: ['deploy'], label: 'deploys or merges', example: 'merge_pull_request' },
  { id: 'tool-send', source: 'tool', match: /send|email|post_message|notify|reply|tweet|(^|_)post($|_)|webhook/, classes: ['external-send'], label: 'sends outside', example: 'send_message' },
  { id: 'tool-admin', source: 'tool', match: /admin|sudo|superuser|(^|_)root($|_)/, classes: ['admin'], label: 'administers', example: 'admin_reset' },
  { id: 'tool-execute', source: 'tool', match: /exec|(^|_)run($|_)|shell|command|eval|script|terminal|invoke|start_process/, classes: ['execute'], label: 'runs commands', example: 'run_command' },
  { id: 'tool-write', source: 'tool', match: /write|create|update|insert|edit|(^|_)put($|_)|(^|_)set($|_)|upload|modify|patch|move|rename|push|commit|save|add/, classes: ['write'], label: 'writes', example: 'write_file' },
  { id: 'tool-read', source: 'tool', match: /read|(^|_)get($|_)|list|search|describe|fetch|find|query|view|show|select|download|lookup|inspect|status|(^|_)log/, classes: ['read'], label: 'reads', example: 'list_tables' },
  { id: 'tool-unknown', source: 'tool', match: /[\s\S]/, classes: ['execute'], label: 'does something its name does not say (counted as execute)', example: 'frobnicate' },
  // MCP annotations and scanner labels.
  { id: 'annotation-destructive', source: 'annotation', match: /^destructiveHint=true$|^label=destructive$/, classes: ['delete'], label: 'marked destructive', example: 'destructiveHint=true' },
  { id: 'annotation-public-sink', source: 'annotation', match: /^label=is_public_sink$/, classes: ['external-send'], label: 'marked as a public sink', example: 'label=is_public_sink' },
  // AWS IAM actions ("service:Verb", wildcards allowed).
  { id: 'iam-star', source: 'iam', match: /^\*$/, classes: 'all', label: 'every action', example: '*' },
  { id: 'iam-service-star', source: 'iam', match: /^[\w-]+:\*$/, classes: 'all', label: "every action of the service", example: 's3:*' },
  { id: 'iam-leading-wildcard', source: 'iam', match: /^[\w*-]+:\*/, classes: 'all', label: 'a wildcard verb that can match anything', example: 'ec2:*Instances' },
  { id: 'iam-permission', source: 'iam', match: /^(iam|sts|organizations|sso|identitystore):(attach|detach|put|create|delete|update|add|remove|passrole|assumerole|set|tag|untag|upload)/i, classes: ['permission-change'], label: 'changes identities or policies', example: 'iam:AttachRolePolicy' },
  { id: 'iam-payment', source: 'iam', match: /^(aws-portal|billing|payments|purchase-orders|invoicing):/i, classes: ['payment'], label: 'billing and payments', example: 'aws-portal:ModifyBilling' },
  { id: 'iam-deploy', source: 'iam', match: /^(cloudformation|codedeploy|codepipeline|elasticbeanstalk|apprunner):(create|update|execute|start|deploy|\*)|^lambda:(updatefunctioncode|createfunction|publishversion)|^ecs:(updateservice|createservice)/i, classes: ['deploy'], label: 'deploys', example: 'cloudformation:UpdateStack' },
  { id: 'iam-send', source: 'iam', match: /^(ses|sesv2):send|^sns:publish|^sqs:sendmessage|^chime:|^connect:startoutbound/i, classes: ['external-send'], label: 'sends outside', example: 'ses:SendEmail' },
  { id: 'iam-delete', source: 'iam', match: /:(delete|remove|terminate|destroy|purge|deregister|disable|cancel|revoke)/i, classes: ['delete'], label: 'deletes', example: 's3:DeleteObject' },
  { id: 'iam-execute', source: 'iam', match: /:(invoke|run|start|execute|sendcommand|startsession|exec)/i, classes: ['execute'], label: 'runs code', example: 'lambda:InvokeFunction' },
  { id: 'iam-write', source: 'iam', match: /:(put|create|update|modify|upload|write|copy|restore|attach|associate|tag|untag|set|replace|import|enable|register|reboot|stop|batchwrite)/i, classes: ['write'], label: 'changes resources', example: 's3:PutObject' },
  { id: 'iam-read', source: 'iam', match: /:(get|list|describe|head|query|scan|select|search|lookup|batchget|view|generate|download|read)/i, classes: ['read'], label: 'reads', example: 's3:GetObject' },
  { id: 'iam-unknown', source: 'iam', match: /[\s\S]/, classes: ['write'], label: 'an action the app does not recognise (counted as a change)', example: 'newservice:Frobnicate' },
  // Kubernetes RBAC ("verb resource").
  { id: 'rbac-star-verb', source: 'rbac', match: /^\*\s/, classes: 'all', label: 'every verb', example: '* pods' },
  { id: 'rbac-rbac-objects', source: 'rbac', match: /^(create|update|patch|delete|deletecollection)\s+(roles|clusterroles|rolebindings|clusterrolebindings)(\.rbac\.authorization\.k8s\.io)?$|^\S+\s+\*$/, classes: ['permission-change'], label: 'changes RBAC (or every resource)', example: 'create rolebindings' },
  { id: 'rbac-escalate', source: 'rbac', match: /^(bind|escalate|impersonate)\s/, classes: ['permission-change'], label: 'escalates privileges', example: 'impersonate serviceaccounts' },
  { id: 'rbac-secrets', source: 'rbac', match: /^(get|list|watch)\s+secrets$/, classes: ['read', 'permission-change'], label: "reads secrets (other identities' credentials)", example: 'get secrets' },
  { id: 'rbac-exec', source: 'rbac', match: /^(create|get)\s+pods\/(exec|attach|portforward)$/, classes: ['execute'], label: 'runs commands in pods', example: 'create pods/exec' },
  { id: 'rbac-deploy', source: 'rbac', match: /^(create|update|patch)\s+(deployments|statefulsets|daemonsets|replicasets|cronjobs|jobs)(\.\S+)?$/, classes: ['deploy'], label: 'deploys workloads', example: 'patch deployments.apps' },
  { id: 'rbac-delete', source: 'rbac', match: /^(delete|deletecollection)\s/, classes: ['delete'], label: 'deletes', example: 'delete pods' },
  { id: 'rbac-write', source: 'rbac', match: /^(create|update|patch)\s/, classes: ['write'], label: 'changes objects', example: 'update configmaps' },
  { id: 'rbac-read', source: 'rbac', match: /^(get|list|watch)\s/, classes: ['read'], label: 'reads', example: 'list pods' },
  { id: 'rbac-unknown', source: 'rbac', match: /[\s\S]/, classes: ['write'], label: 'a verb the app does not recognise (counted as a change)', example: 'approve certificatesigningrequests' },
  // PostgreSQL privileges.
  { id: 'pg-all', source: 'postgres', match: /^ALL/, classes: 'all', label: 'all privileges', example: 'ALL PRIVILEGES' },
  { id: 'pg-delete', source: 'postgres', match: /^(DELETE|TRUNCATE)$/, classes: ['delete'], label: 'deletes rows', example: 'TRUNCATE' },
  { id: 'pg-execute', source: 'postgres', match: /^EXECUTE$/, classes: ['execute'], label: 'runs functions', example: 'EXECUTE' },
  { id: 'pg-write', source: 'postgres', match: /^(INSERT|UPDATE|REFERENCES|TRIGGER|MAINTAIN|CREATE)$/, classes: ['write'], label: 'writes', example: 'INSERT' },
  { id: 'pg-read', source: 'postgres', match: /^(SELECT|USAGE|CONNECT|TEMPORARY)$/, classes: ['read'], label: 'reads', example: 'SELECT' },
  { id: 'pg-unknown', source: 'postgres', match: /[\s\S]/, classes: ['write'], label: 'a privilege the app does not recognise (counted as a change)', example: 'unknown privilege Q' },
  // GitHub permissions ("name:level").
  { id: 'gh-admin', source: 'github', match: /^(administration|organization_administration):(write|admin)$/, classes: ['admin'], label: 'administers', example: 'administration:write' },
  { id: 'gh-permission', source: 'github', match: /^(members|organization_user_blocking|organization_custom_roles|secrets|organization_secrets|environments|team_discussions):(write|admin)$/, classes: ['permission-change'], label: 'changes members, secrets or environments', example: 'members:write' },
  { id: 'gh-deploy', source: 'github', match: /^(actions|workflows|deployments|pages|packages):write$/, classes: ['deploy'], label: 'runs workflows or deploys', example: 'workflows:write' },
  { id: 'gh-contents', source: 'github', match: /^contents:write$/, classes: ['write', 'delete'], label: 'pushes, and deletes branches and files', example: 'contents:write' },
  { id: 'gh-write', source: 'github', match: /:(write|admin)$/, classes: ['write'], label: 'writes', example: 'issues:write' },
  { id: 'gh-read', source: 'github', match: /:read$/, classes: ['read'], label: 'reads', example: 'metadata:read' },
];
