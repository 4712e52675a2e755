import { NAME_MAX } from '../../common/schemas';
import type { ActionClass, ApprovalGate, EnvironmentTier, SystemKind } from '../../inventory/model';
import type { CredentialRef, DiscoveredTool } from '../types';

/** Every proposed value carries the reason it was chosen, so the user can judge and override it. */
export type ProposedAgent = { key: string; name: string; client: string; reason: string; sources: string[] };
export type ProposedSystem = { key: string; name: string; kind: SystemKind; kindReason: string; sources: string[] };
export type ActionReason = { action: ActionClass; reason: string };

export type ProposedGrant = {
  /** `agent|system|tier`: one grant per agent, system and environment, like the inventory's. */
  key: string;
  agentKey: string;
  systemKey: string;
  agentName: string;
  systemName: string;
  environmentTier: EnvironmentTier;
  environmentName: string;
  environmentReason: string;
  actions: ActionClass[];
  actionReasons: ActionReason[];
  approvalGate: ApprovalGate;
  gateReason: string;
  scope: string;
  /** Fingerprints only; `credentialIdentity` is the short text the inventory's field holds. */
  credentials: CredentialRef[];
  credentialIdentity: string;
  tools: DiscoveredTool[];
  /** SHA-256 of the tools, their annotations and the scope: a later run that finds any changed marks an approval stale. */
  hashOfApproved: string;
  sources: string[];
};

export type Proposal = { agents: ProposedAgent[]; systems: ProposedSystem[]; grants: ProposedGrant[] };

/**
 * A name from a file, made to fit the inventory's Name field (one line, no control characters, at
 * most 120 characters), so an accepted item never fails validation on a name it did not choose.
 */
export const safeName = (name: string): string =>
  name
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, NAME_MAX) || 'unnamed';

export const keyOf = (kind: 'agent' | 'system', name: string): string => `${kind}:${name.trim().toLowerCase().replace(/\s+/g, ' ')}`;
