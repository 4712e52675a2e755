import type { ActionClass, EnvironmentTier, SystemKind } from '../../inventory/model';

/**
 * Server command / package / URL -> the app's system kinds. First match wins, so narrower rows come
 * first. `assumedActions` applies when a config lists no tools (most stdio configs): what such a
 * server can usually do, so an unlisted server is never read as harmless. ALL = every class.
 */
export type SystemKindRule = {
  id: string;
  match: RegExp;
  kind: SystemKind;
  label: string;
  assumedActions: ActionClass[] | 'all';
  /** A server name, command and args joined with spaces, as `systemKindOf` sees them. */
  example: string;
};

// A rules table reads best one row per line, so Prettier leaves it as written.
// prettier-ignore
export const SYSTEM_KIND_RULES: readonly SystemKindRule[] = [
  { id: 'kind-postgres', match: /postgres|\bpg\b|psql|supabase|neon/, kind: 'database', label: 'PostgreSQL', assumedActions: ['read', 'write', 'delete'], example: 'db npx -y @modelcontextprotocol/server-postgres' },
  { id: 'kind-mysql', match: /mysql|mariadb/, kind: 'database', label: 'MySQL', assumedActions: ['read', 'write', 'delete'], example: 'orders uvx mcp-server-mysql' },
  { id: 'kind-sqlite', match: /sqlite/, kind: 'database', label: 'SQLite', assumedActions: ['read', 'write', 'delete'], example: 'local uvx mcp-server-sqlite --db-path test.db' },
  { id: 'kind-nosql', match: /mongo|redis|dynamo|cassandra|elasticsearch|opensearch/, kind: 'database', label: 'a NoSQL database', assumedActions: ['read', 'write', 'delete'], example: 'cache npx redis-mcp' },
  { id: 'kind-warehouse', match: /snowflake|bigquery|redshift|clickhouse|databricks/, kind: 'database', label: 'a data warehouse', assumedActions: ['read', 'write', 'delete'], example: 'dw snowflake-mcp' },
  { id: 'kind-filesystem', match: /filesystem|server-fs\b|\bfs\b|file-?system/, kind: 'file-share', label: 'a filesystem', assumedActions: ['read', 'write', 'delete'], example: 'files npx -y @modelcontextprotocol/server-filesystem /' },
  { id: 'kind-github', match: /github/, kind: 'repository', label: 'GitHub', assumedActions: ['read', 'write'], example: 'gh docker run ghcr.io/github/github-mcp-server' },
  { id: 'kind-gitlab', match: /gitlab|bitbucket/, kind: 'repository', label: 'GitLab / Bitbucket', assumedActions: ['read', 'write'], example: 'gl npx @modelcontextprotocol/server-gitlab' },
  { id: 'kind-git', match: /\bgit\b|server-git|mcp-git/, kind: 'repository', label: 'a git repository', assumedActions: ['read', 'write'], example: 'repo uvx mcp-server-git --repository .' },
  { id: 'kind-kubernetes', match: /kubernetes|\bk8s\b|kubectl|\bhelm\b|openshift/, kind: 'cloud-account', label: 'Kubernetes', assumedActions: 'all', example: 'cluster npx mcp-server-kubernetes' },
  { id: 'kind-aws', match: /\baws\b|aws-|amazon|\bs3\b|lambda|awslabs/, kind: 'cloud-account', label: 'AWS', assumedActions: 'all', example: 'cloud uvx awslabs.aws-api-mcp-server' },
  { id: 'kind-gcp', match: /\bgcp\b|gcloud|google-cloud|googlecloud/, kind: 'cloud-account', label: 'Google Cloud', assumedActions: 'all', example: 'gcp npx gcloud-mcp' },
  { id: 'kind-azure', match: /azure/, kind: 'cloud-account', label: 'Azure', assumedActions: 'all', example: 'az npx @azure/mcp' },
  { id: 'kind-infra', match: /terraform|pulumi|railway|vercel|netlify|heroku|cloudflare|fly\.io|render\.com|digitalocean/, kind: 'cloud-account', label: 'an infrastructure or hosting platform', assumedActions: 'all', example: 'infra npx @railway/mcp-server' },
  { id: 'kind-stripe', match: /stripe/, kind: 'payment-provider', label: 'Stripe', assumedActions: ['read', 'write', 'payment'], example: 'payments npx -y @stripe/mcp --tools=all' },
  { id: 'kind-payments', match: /paypal|square|adyen|braintree|mollie/, kind: 'payment-provider', label: 'a payment provider', assumedActions: ['read', 'write', 'payment'], example: 'pay paypal-mcp' },
  { id: 'kind-slack', match: /slack|discord|teams|telegram|twilio|whatsapp/, kind: 'saas', label: 'a messaging service (sends outside)', assumedActions: ['read', 'external-send'], example: 'chat npx -y @modelcontextprotocol/server-slack' },
  { id: 'kind-email', match: /gmail|email|e-mail|smtp|sendgrid|mailgun|resend|outlook|postmark/, kind: 'saas', label: 'email (sends outside)', assumedActions: ['read', 'external-send'], example: 'mail npx gmail-mcp' },
  { id: 'kind-queue', match: /kafka|rabbitmq|\bsqs\b|pubsub|nats|\bmq\b/, kind: 'queue', label: 'a message queue', assumedActions: ['read', 'write'], example: 'events kafka-mcp' },
  { id: 'kind-saas', match: /jira|linear|notion|sentry|confluence|salesforce|hubspot|zendesk|asana|figma|atlassian/, kind: 'saas', label: 'a SaaS application', assumedActions: ['read', 'write'], example: 'tickets https://mcp.atlassian.com/v1/sse' },
  { id: 'kind-shell', match: /shell|terminal|desktop-commander|\bexec\b|\bbash\b|powershell/, kind: 'other', label: 'a shell (runs commands)', assumedActions: 'all', example: 'cmd npx @wonderwhy-er/desktop-commander' },
  { id: 'kind-fallback', match: /[\s\S]/, kind: 'other', label: 'an unrecognised server', assumedActions: ['read', 'write', 'execute'], example: 'thing npx some-unknown-server' },
];

/** A hint is where an environment name was found: host, connection string, variable, profile... */
export type HintKind = 'host' | 'connection string' | 'variable' | 'profile' | 'namespace' | 'key prefix' | 'name' | 'tag' | 'path';
export type EnvironmentHint = { kind: HintKind; value: string };

/**
 * Environment words in hosts, connection strings, variable names, profiles, namespaces and key
 * prefixes. Every row that matches counts; the riskiest tier wins. Words are matched between
 * separators, so "preprod" is not "prod" and "product" is not either.
 */
export type EnvironmentRule = { id: string; match: RegExp; tier: EnvironmentTier; example: EnvironmentHint };

const word = (w: string) => new RegExp(`(^|[^a-z0-9])(${w})([^a-z0-9]|$)`, 'i');

// A rules table reads best one row per line, so Prettier leaves it as written.
// prettier-ignore
export const ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  { id: 'env-live-key', match: /^(sk|rk|pk)_live_/, tier: 'production', example: { kind: 'key prefix', value: 'sk_live_***' } },
  { id: 'env-prod-word', match: word('prod|production|prd|live|prod\\d+'), tier: 'production', example: { kind: 'host', value: 'db.prod.internal' } },
  { id: 'env-staging-word', match: word('staging|stage|stg|preprod|pre-prod|uat|qa'), tier: 'staging', example: { kind: 'namespace', value: 'payments-staging' } },
  { id: 'env-test-key', match: /^(sk|rk|pk)_test_/, tier: 'sandbox', example: { kind: 'key prefix', value: 'sk_test_***' } },
  { id: 'env-dev-word', match: word('dev|development|test|testing|sandbox|local|localhost|demo|scratch'), tier: 'sandbox', example: { kind: 'variable', value: 'DEV_DATABASE_URL' } },
  { id: 'env-loopback', match: /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|0\.0\.0\.0)(:\d+)?$/, tier: 'sandbox', example: { kind: 'host', value: '127.0.0.1:5432' } },
];
