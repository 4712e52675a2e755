import type { AgentInput, GrantInput, SystemInput, WorkflowInput } from './model';

/**
 * "Northwind Ops": a realistic sample organisation for first-run. Some agents are well controlled,
 * some are the seed incident waiting to happen. Records reference each other by name; the
 * loader resolves names to ids. Environment names are the three defaults.
 */
export type ExampleGrant = Omit<GrantInput, 'agentId' | 'systemId' | 'environmentId'> & { agent: string; system: string; environment: 'Read-only / sandbox' | 'Staging' | 'Production' };
export type ExampleAgent = Omit<AgentInput, 'workflowIds'> & { workflows: string[] };

export const EXAMPLE_WORKSPACE_NAME = 'Northwind Ops (example)';

export const exampleWorkflows: WorkflowInput[] = [
  { name: 'Support triage', purpose: 'Classify, answer and route customer tickets; close stale accounts on request.', owner: 'Priya Raman' },
  { name: 'Database maintenance', purpose: 'Routine clean-up, index maintenance and schema migrations for customer-facing databases.', owner: 'Marcus Chen' },
  { name: 'Release and deploys', purpose: 'Build, verify and roll out application releases to staging and production.', owner: 'Sofia Alvarez' },
  { name: 'Finance reconciliation', purpose: 'Match payments to invoices and prepare month-end adjustments.', owner: 'Daniel Okafor' },
  { name: 'Developer productivity', purpose: 'Coding assistant that edits code, runs scripts and tidies shared workspaces.', owner: 'Hannah Lee' },
];

export const exampleSystems: SystemInput[] = [
  { name: 'Customer accounts DB', kind: 'database', criticality: 'critical', dataSensitivity: 'restricted' },
  { name: 'Orders database', kind: 'database', criticality: 'critical', dataSensitivity: 'confidential' },
  { name: 'Support desk', kind: 'saas', criticality: 'high', dataSensitivity: 'confidential' },
  { name: 'Main app repository', kind: 'repository', criticality: 'high', dataSensitivity: 'internal' },
  { name: 'Cloud account (AWS)', kind: 'cloud-account', criticality: 'critical', dataSensitivity: 'confidential' },
  { name: 'Billing (payments)', kind: 'payment-provider', criticality: 'critical', dataSensitivity: 'restricted' },
  { name: 'Invoice ledger', kind: 'database', criticality: 'critical', dataSensitivity: 'restricted' },
  { name: 'Team shared drive', kind: 'file-share', criticality: 'medium', dataSensitivity: 'internal' },
];

export const exampleAgents: ExampleAgent[] = [
  {
    name: 'Ticket Triage Bot', purpose: 'Tags and routes incoming tickets, drafts replies for human review.',
    accountableOwner: 'Priya Raman', technicalOperator: 'Support platform team', vendorModel: 'Anthropic Claude (via support desk plug-in)',
    lifecycle: 'production', escalationContact: 'Support on-call (#support-escalations)', workflows: ['Support triage'],
  },
  {
    name: 'Account Cleanup Agent', purpose: 'Closes customer accounts that asked to be deleted.',
    accountableOwner: '', technicalOperator: 'Support platform team', vendorModel: 'In-house agent on GPT-4.1',
    lifecycle: 'pilot', escalationContact: '', workflows: ['Support triage'],
  },
  {
    name: 'DB Maintenance Agent', purpose: 'Purges expired rows, rebuilds indexes and archives old orders.',
    accountableOwner: 'Marcus Chen', technicalOperator: 'Data platform team', vendorModel: 'Coding agent with SQL tool',
    lifecycle: 'production', escalationContact: 'DBA on-call', workflows: ['Database maintenance'],
  },
  {
    name: 'Schema Migrator', purpose: 'Applies reviewed schema migrations.',
    accountableOwner: 'Marcus Chen', technicalOperator: 'Data platform team', vendorModel: 'In-house agent on Claude',
    lifecycle: 'pilot', escalationContact: 'DBA on-call', workflows: ['Database maintenance', 'Release and deploys'],
  },
  {
    name: 'Release Conductor', purpose: 'Promotes verified builds from staging to production.',
    accountableOwner: 'Sofia Alvarez', technicalOperator: 'Platform engineering', vendorModel: 'CI agent (GitHub Actions + LLM planner)',
    lifecycle: 'production', escalationContact: 'Platform on-call', workflows: ['Release and deploys'],
  },
  {
    name: 'Billing Reconciler', purpose: 'Matches payments to invoices and issues approved refunds.',
    accountableOwner: 'Daniel Okafor', technicalOperator: 'Finance systems', vendorModel: 'Vendor agent (finance suite)',
    lifecycle: 'production', escalationContact: 'Finance controller', workflows: ['Finance reconciliation'],
  },
  {
    name: 'Billing Assistant', purpose: 'Voids duplicate invoices and fixes ledger entries.',
    accountableOwner: 'Daniel Okafor', technicalOperator: 'Finance systems', vendorModel: 'In-house agent on GPT-4.1',
    lifecycle: 'pilot', escalationContact: 'Finance controller', workflows: ['Finance reconciliation'],
  },
  {
    name: 'Code Assistant', purpose: 'Edits code, runs scripts and cleans build caches for developers.',
    accountableOwner: 'Hannah Lee', technicalOperator: 'Developer experience', vendorModel: 'Coding agent (IDE extension)',
    lifecycle: 'pilot', escalationContact: '', workflows: ['Developer productivity'],
  },
];

export const exampleGrants: ExampleGrant[] = [
  // Well controlled: reads everywhere, writes gated, expires.
  { agent: 'Ticket Triage Bot', system: 'Support desk', environment: 'Production', actions: ['read', 'write'], scope: 'tickets/*', credentialIdentity: 'svc-triage-prod', approvalGate: 'single', expiresAt: '2027-06-30', justification: 'Tag and route tickets; replies are drafts a human sends.' },
  { agent: 'Ticket Triage Bot', system: 'Support desk', environment: 'Staging', actions: ['read', 'write', 'external-send'], scope: 'tickets/*', credentialIdentity: 'svc-triage-stg', approvalGate: 'none', expiresAt: '2027-06-30', justification: 'Testing reply templates.' },
  // The seed incident pattern: destructive in production, no gate, no expiry, no owner.
  { agent: 'Account Cleanup Agent', system: 'Customer accounts DB', environment: 'Production', actions: ['read', 'delete'], scope: 'accounts/*', credentialIdentity: 'svc-support-automation', approvalGate: 'none', expiresAt: null, justification: 'Process deletion requests.' },
  { agent: 'Account Cleanup Agent', system: 'Support desk', environment: 'Production', actions: ['read'], scope: 'tickets/*', credentialIdentity: 'svc-support-automation', approvalGate: 'none', expiresAt: null, justification: 'Read deletion requests.' },
  { agent: 'DB Maintenance Agent', system: 'Orders database', environment: 'Production', actions: ['read', 'write', 'delete'], scope: '*', credentialIdentity: 'dbmaint', approvalGate: 'none', expiresAt: null, justification: 'Purge expired rows nightly.' },
  { agent: 'DB Maintenance Agent', system: 'Orders database', environment: 'Staging', actions: ['read', 'write', 'delete'], scope: '*', credentialIdentity: 'dbmaint', approvalGate: 'none', expiresAt: null, justification: 'Rehearse purges.' },
  { agent: 'Schema Migrator', system: 'Orders database', environment: 'Staging', actions: ['read', 'deploy'], scope: 'schema', credentialIdentity: 'svc-migrator-stg', approvalGate: 'single', expiresAt: '2027-03-31', justification: 'Apply migrations after review.' },
  { agent: 'Schema Migrator', system: 'Orders database', environment: 'Production', actions: ['read', 'deploy'], scope: 'schema', credentialIdentity: 'svc-migrator-prod', approvalGate: 'two-person', expiresAt: '2027-03-31', justification: 'Apply reviewed migrations in the change window.' },
  { agent: 'Release Conductor', system: 'Cloud account (AWS)', environment: 'Production', actions: ['read', 'deploy'], scope: 'ecs/services/*', credentialIdentity: 'svc-release-prod', approvalGate: 'single', expiresAt: '2027-01-31', justification: 'Promote builds during release windows.' },
  { agent: 'Release Conductor', system: 'Cloud account (AWS)', environment: 'Staging', actions: ['read', 'deploy', 'write'], scope: 'ecs/services/*', credentialIdentity: 'svc-release-stg', approvalGate: 'none', expiresAt: '2027-01-31', justification: 'Continuous deploys to staging.' },
  { agent: 'Release Conductor', system: 'Main app repository', environment: 'Production', actions: ['read'], scope: 'main', credentialIdentity: 'svc-release-prod', approvalGate: 'none', expiresAt: '2027-01-31', justification: 'Read release tags.' },
  { agent: 'Billing Reconciler', system: 'Invoice ledger', environment: 'Production', actions: ['read', 'write'], scope: 'invoices/*', credentialIdentity: 'svc-recon-prod', approvalGate: 'single', expiresAt: '2027-04-30', justification: 'Mark invoices as matched.' },
  { agent: 'Billing Reconciler', system: 'Billing (payments)', environment: 'Production', actions: ['read', 'payment'], scope: 'refunds', credentialIdentity: 'svc-recon-prod', approvalGate: 'two-person', expiresAt: '2027-04-30', justification: 'Issue refunds approved by finance.' },
  { agent: 'Billing Assistant', system: 'Invoice ledger', environment: 'Production', actions: ['read', 'write', 'delete'], scope: 'invoices/*', credentialIdentity: 'svc-billing-assistant', approvalGate: 'none', expiresAt: null, justification: 'Void duplicate invoices.' },
  { agent: 'Billing Assistant', system: 'Billing (payments)', environment: 'Production', actions: ['admin'], scope: '*', credentialIdentity: 'svc-billing-assistant', approvalGate: 'single', expiresAt: null, justification: 'Vendor setup needed admin; never narrowed.' },
  { agent: 'Code Assistant', system: 'Main app repository', environment: 'Staging', actions: ['read', 'write', 'execute'], scope: 'feature/*', credentialIdentity: 'dev-hannah', approvalGate: 'none', expiresAt: null, justification: 'Edits on feature branches.' },
  { agent: 'Code Assistant', system: 'Team shared drive', environment: 'Production', actions: ['read', 'write', 'delete'], scope: '*', credentialIdentity: 'dev-hannah', approvalGate: 'none', expiresAt: null, justification: 'Clean build caches.' },
];
