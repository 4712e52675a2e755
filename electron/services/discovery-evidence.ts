import type { Database } from 'better-sqlite3';
import { diffAgainstDeclared, type DiscoveryDiff, type Proposal } from '../../core/discovery/index';
import { driftEvidence, type DriftEvidence } from '../../core/discovery/drift-evidence';
import { provenanceOf } from '../store/discovery/provenance';
import { firstRunAt, listRuns } from '../store/discovery/runs';
import { declaredOf } from './discovery-run';

/**
 * The latest discovery run's drift, attributed to declared agents and grants, for the scoring
 * input (the discovery-drift rule). Undefined when no run exists: the rule is then n/a.
 */
export function discoveryEvidenceFor(db: Database, now: Date): DriftEvidence | undefined {
  const run = listRuns<Proposal, DiscoveryDiff>(db, 1)[0];
  if (!run) return undefined;
  const declared = declaredOf(db);
  const approvedHashes = new Map<string, string>();
  for (const [id, p] of provenanceOf(db, 'grant')) if (p.approvedHash) approvedHashes.set(id, p.approvedHash);
  return driftEvidence({
    declared,
    proposal: run.proposal,
    diff: diffAgainstDeclared(declared, run.proposal),
    runAt: run.at,
    firstRunAt: firstRunAt(db),
    now: now.toISOString(),
    approvedHashes,
  });
}
