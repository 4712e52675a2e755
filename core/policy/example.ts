/** The policy the app offers as a starting point: the five rules issue 12 names, plus a checklist reference. */
export const EXAMPLE_POLICY = `# Agent Readiness policy. Each rule does one of: require, forbid, checklist.
version: 1
rules:
  - id: two-person-delete-in-production
    description: No delete in Production without a two-person gate
    grants: { tier: [production], actions: [delete] }
    require: { gate: two-person }
  - id: accountable-owner
    description: No agent without an accountable owner
    require: { agentFields: [accountableOwner] }
  - id: no-shared-credentials
    description: No credential shared across environments
    forbid: shared-credential
  - id: no-auto-approving-client
    description: No auto-approving client for an agent with production write
    grants: { tier: [production], actions: [write, delete, deploy, payment, permission-change, admin, external-send] }
    forbid: auto-approving-client
  - id: expiry-in-production
    description: No grant without an expiry in Production
    grants: { tier: [production] }
    require: { expiry: true }
  - id: checklist-destructive-gate
    description: The checklist's own rule on destructive actions without a gate
    checklist: destructive-without-gate
`;
