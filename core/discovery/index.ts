/**
 * Discovery's engine: read agents' real configurations and permission exports, map them onto the
 * inventory's vocabulary with a reason for every value, and diff them against what is declared.
 * Pure: the caller reads the files (electron/services/files/bounded-read.ts) and injects the keyed
 * fingerprinter (electron/services/discovery-fingerprint.ts). See README.md.
 */
export { detectFormat, type Detection } from './detect';
export { parseSource, PARSERS, type ParseResult } from './parse';
export { mapToInventory, hashOfApproved, weakerGate } from './mapping/map';
export {
  diffAgainstDeclared,
  applyDiff,
  environmentFor,
  type DeclaredInventory,
  type DiscoveryDiff,
  type WiderGrant,
  type WiderKind,
} from './diff';
export { sharedCredentials, type SharedCredential } from './shared-credentials';
export { MAPPING_RULES, type MappingRuleRow } from './mapping/rules';
export type { Proposal, ProposedAgent, ProposedGrant, ProposedSystem, ActionReason } from './mapping/proposal';
export { DISCOVERY_LIMITS } from './syntax';
export * from './types';
export { HOME_LOCATIONS, isDiscoveryCandidate, type HomeLocation, type Platform } from './locations';
