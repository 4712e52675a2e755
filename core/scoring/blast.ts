/**
 * Blast radius: what a grant lets the agent destroy. Environment tier x worst action x system
 * criticality, normalised to 0-100. Multiplied by the readiness gap it ranks the top risks.
 */
import type { ActionClass, Criticality, EnvironmentTier, Grant } from '../inventory/model';

export const TIER_FACTOR: Record<EnvironmentTier, number> = { 'read-only': 1, sandbox: 1, staging: 2, production: 4 };
export const ACTION_SEVERITY: Record<ActionClass, number> = {
  read: 1,
  write: 2,
  execute: 2,
  'external-send': 3,
  deploy: 3,
  delete: 4,
  payment: 4,
  'permission-change': 4,
  admin: 5,
};
export const CRITICALITY_FACTOR: Record<Criticality, number> = { low: 1, medium: 2, high: 3, critical: 4 };
const MAX = 4 * 5 * 4;

/** 0-100 blast radius of one grant from its environment tier and system criticality; unknown (undefined) counts as the worst case. */
export function blastOf(g: Grant, tier: EnvironmentTier | undefined, crit: Criticality | undefined): number {
  const t = tier ? TIER_FACTOR[tier] : 4;
  const c = crit ? CRITICALITY_FACTOR[crit] : 4;
  let a = 1;
  for (const x of g.actions) a = Math.max(a, ACTION_SEVERITY[x] ?? 1);
  return Math.round(((t * a * c) / MAX) * 100);
}
