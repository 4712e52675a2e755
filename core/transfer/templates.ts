import { FIELDS, type Entity } from './import-fields';

/**
 * One example row per record type, by import column (not by position: a new registry field gets an
 * empty cell instead of shifting every value after it). References only what the examples create.
 */
const EXAMPLES: Record<Entity, Record<string, string>> = {
  agents: {
    name: 'Billing Assistant',
    purpose: 'Sends and reconciles invoices',
    accountableOwner: 'Dana Smith',
    technicalOperator: 'Finance systems',
    vendorModel: 'Vendor agent',
    lifecycle: 'production',
    escalationContact: 'Finance on-call',
  },
  systems: { name: 'Invoice ledger', kind: 'database', criticality: 'critical', dataSensitivity: 'restricted' },
  environments: { name: 'EU production', tier: 'production' },
  workflows: { name: 'Finance reconciliation', purpose: 'Match payments to invoices', owner: 'Dana Smith' },
  grants: {
    agent: 'Billing Assistant',
    system: 'Invoice ledger',
    environment: 'Production',
    actions: 'read; delete',
    scope: 'invoices/*',
    credentialIdentity: 'svc-billing',
    approvalGate: 'single',
    expiresAt: '2026-12-31',
    justification: 'Month-end adjustments',
  },
};

const quote = (s: string): string => (/[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A CSV template whose header is exactly the import's field labels, so it needs no column mapping. */
export function csvTemplate(entity: Entity): string {
  return `${FIELDS[entity].map((f) => quote(f.label)).join(',')}\r\n${FIELDS[entity].map((f) => quote(EXAMPLES[entity][f.key] ?? '')).join(',')}\r\n`;
}
