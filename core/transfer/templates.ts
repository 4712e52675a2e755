import { FIELDS, type Entity } from './import-fields';

/** One example row per record type, in the order of FIELDS; references only what the examples create. */
const EXAMPLES: Record<Entity, string[]> = {
  agents: [
    'Billing Assistant',
    'Sends and reconciles invoices',
    'Dana Smith',
    'Finance systems',
    'Vendor agent',
    'production',
    'Finance on-call',
    '',
  ],
  systems: ['Invoice ledger', 'database', 'critical', 'restricted'],
  environments: ['EU production', 'production'],
  workflows: ['Finance reconciliation', 'Match payments to invoices', 'Dana Smith'],
  grants: [
    'Billing Assistant',
    'Invoice ledger',
    'Production',
    'read; delete',
    'invoices/*',
    'svc-billing',
    'single',
    '2026-12-31',
    'Month-end adjustments',
  ],
};

const quote = (s: string): string => (/[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A CSV template whose header is exactly the import's field labels, so it needs no column mapping. */
export function csvTemplate(entity: Entity): string {
  return `${FIELDS[entity].map((f) => quote(f.label)).join(',')}\r\n${EXAMPLES[entity].map(quote).join(',')}\r\n`;
}
