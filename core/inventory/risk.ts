import type { ActionClass, ApprovalGate, EnvironmentTier, Grant } from './model';
import { isDestructive } from './model';

export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const rank = (l: RiskLevel): number => RISK_LEVELS.indexOf(l);
export const maxRisk = (a: RiskLevel, b: RiskLevel): RiskLevel => (rank(a) >= rank(b) ? a : b);

/** Severity of one action class, 0 (read) to 4 (admin). */
export function actionSeverity(action: ActionClass): number {
  switch (action) {
    case 'read':
      return 0;
    case 'write':
      return 1;
    case 'execute':
    case 'external-send':
      return 2;
    case 'deploy':
    case 'delete':
    case 'payment':
    case 'permission-change':
      return 3;
    case 'admin':
      return 4;
  }
}

/** A grant whose scope is "everything" in its system. */
export const isWildcardScope = (scope: string): boolean => ['', '*', '**', '*/*', '/*'].includes(scope.trim());

/**
 * Risk of one grant in an environment tier. The question the matrix answers at a glance:
 * "who can destroy something in production without a human saying yes?"
 */
export function grantRisk(g: Pick<Grant, 'actions' | 'approvalGate'>, tier: EnvironmentTier): { level: RiskLevel; reason: string } {
  const destructive = g.actions.filter(isDestructive);
  const writes = g.actions.some((a) => a !== 'read');
  const gate: ApprovalGate = g.approvalGate;
  if (tier === 'production') {
    if (destructive.length > 0 && gate === 'none')
      return { level: 'critical', reason: `${destructive.join(', ')} in production with no approval gate` };
    if (destructive.length > 0 && gate === 'single')
      return { level: 'high', reason: `${destructive.join(', ')} in production with a single approver` };
    if (destructive.length > 0) return { level: 'medium', reason: `${destructive.join(', ')} in production behind two-person approval` };
    if (writes && gate === 'none') return { level: 'high', reason: 'writes in production with no approval gate' };
    if (writes) return { level: 'medium', reason: 'writes in production behind approval' };
    return { level: 'low', reason: 'read-only in production' };
  }
  if (tier === 'staging') {
    if (destructive.length > 0 && gate === 'none')
      return { level: 'medium', reason: `${destructive.join(', ')} in staging with no approval gate` };
    if (writes) return { level: 'low', reason: 'changes staging' };
    return { level: 'low', reason: 'reads staging' };
  }
  if (destructive.length > 0) return { level: 'low', reason: `${destructive.join(', ')} in a ${tier} environment` };
  return { level: writes ? 'low' : 'none', reason: writes ? `changes a ${tier} environment` : `reads a ${tier} environment` };
}

export type MatrixCell = {
  agentId: string;
  systemId: string;
  actions: ActionClass[];
  /** The weakest gate among the cell's grants: what an attacker or a confused agent would use. */
  weakestGate: ApprovalGate;
  level: RiskLevel;
  reason: string;
  grantIds: string[];
};

const GATE_ORDER: readonly ApprovalGate[] = ['none', 'single', 'two-person'];

/** Folds the grants of one environment into agent x system cells coloured by their riskiest grant. */
export function buildMatrixCells(grants: readonly Grant[], tier: EnvironmentTier): MatrixCell[] {
  const cells = new Map<string, MatrixCell>();
  for (const g of grants) {
    const key = `${g.agentId}\u0000${g.systemId}`;
    const risk = grantRisk(g, tier);
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, {
        agentId: g.agentId,
        systemId: g.systemId,
        actions: [...g.actions],
        weakestGate: g.approvalGate,
        level: risk.level,
        reason: risk.reason,
        grantIds: [g.id],
      });
      continue;
    }
    for (const a of g.actions) if (!cell.actions.includes(a)) cell.actions.push(a);
    if (GATE_ORDER.indexOf(g.approvalGate) < GATE_ORDER.indexOf(cell.weakestGate)) cell.weakestGate = g.approvalGate;
    if (rank(risk.level) > rank(cell.level)) {
      cell.level = risk.level;
      cell.reason = risk.reason;
    }
    cell.grantIds.push(g.id);
  }
  for (const cell of cells.values()) cell.actions.sort((a, b) => actionSeverity(b) - actionSeverity(a));
  return [...cells.values()];
}
