import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  diffAgainstDeclared,
  environmentFor,
  mapToInventory,
  parseSource,
  type DeclaredInventory,
  type DiscoveredSource,
  type DiscoveryDiff,
  type Proposal,
  type SourceFormat,
} from '../../core/discovery/index';
import { driftFindings, type DriftFinding } from '../../core/discovery/drift';
import { reviewItems } from '../../core/discovery/review';
import type { DiscoveryRunView } from '../../core/discovery/contract';
import { keyOf } from '../../core/discovery/mapping/proposal';
import { fingerprintKey } from '../store/discovery/key';
import { markSeen, provenanceOf } from '../store/discovery/provenance';
import { firstRunAt, saveRun, type RunSkipped, type RunSource, type StoredRun } from '../store/discovery/runs';
import { readInventory } from '../store/inventory/snapshot';
import type { WriteTx } from '../store/mutate/index';
import { makeFingerprinter, newFingerprintKey } from './discovery-fingerprint';
import { FileRefused, textOf, type BoundedFile } from './files/bounded-read';

export type Run = StoredRun<Proposal, DiscoveryDiff>;
/** A file the door has read (bounded) and wants parsed, optionally as a named format. */
export type ReadFile = BoundedFile & { fileName: string; format?: SourceFormat | undefined };

export const declaredOf = (db: Database): DeclaredInventory => {
  const inv = readInventory(db);
  return { agents: inv.agents, systems: inv.systems, environments: inv.environments, grants: inv.grants };
};

/**
 * One discovery run, inside the caller's write transaction: parse every file with the workspace's
 * fingerprinter (the key is made on the first run), map, diff against the inventory as it is now,
 * mark the declared records the run found as "both", and keep the run. Nothing else is written.
 */
export function recordRun(tx: WriteTx, files: ReadFile[], skipped: RunSkipped[]): Run {
  const fingerprint = makeFingerprinter(fingerprintKey(tx, newFingerprintKey));
  const parsed: DiscoveredSource[] = [];
  const sources: RunSource[] = files.map((f) => {
    const base = {
      fileName: f.fileName,
      path: f.path,
      realPath: f.realPath,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
      bytes: f.bytes.length,
    };
    const none = { agents: 0, servers: 0, permissions: 0 };
    let text: string;
    try {
      text = textOf(f);
    } catch (err) {
      if (!(err instanceof FileRefused)) throw err;
      return { ...base, format: null, read: false, reason: err.message, problems: [], counts: none };
    }
    const r = parseSource(f.fileName, text, fingerprint, f.format);
    if (!r.source) return { ...base, format: null, read: false, reason: r.reason, problems: [], counts: none };
    parsed.push(r.source);
    const counts = {
      agents: r.source.agents.length,
      servers: r.source.agents.reduce((n, a) => n + a.servers.length, 0),
      permissions: r.source.permissions.length,
    };
    return { ...base, format: r.source.format, read: true, reason: r.reason, problems: r.source.problems, counts };
  });
  const proposal = mapToInventory(parsed);
  const declared = declaredOf(tx.db);
  const diff = diffAgainstDeclared(declared, proposal);
  markFound(tx, declared, proposal);
  return saveRun(tx, { sources, skipped, proposal, diff });
}

/** Declared records a run found are "both", seen now (accepted ones keep "discovered"). */
function markFound(tx: WriteTx, declared: DeclaredInventory, proposal: Proposal): void {
  const agentByKey = new Map(declared.agents.map((a) => [keyOf('agent', a.name), a.id]));
  const systemByKey = new Map(declared.systems.map((s) => [keyOf('system', s.name), s.id]));
  for (const a of proposal.agents) {
    const id = agentByKey.get(a.key);
    if (id) markSeen(tx, 'agent', id, a.key);
  }
  for (const s of proposal.systems) {
    const id = systemByKey.get(s.key);
    if (id) markSeen(tx, 'system', id, s.key);
  }
  for (const g of proposal.grants) {
    const grant = matchingGrant(declared, g.agentKey, g.systemKey, g.environmentTier, g.environmentName);
    if (grant) markSeen(tx, 'grant', grant.id, g.key);
  }
}

export function matchingGrant(
  declared: DeclaredInventory,
  agentKey: string,
  systemKey: string,
  tier: Proposal['grants'][number]['environmentTier'],
  envName: string,
): DeclaredInventory['grants'][number] | null {
  const agent = declared.agents.find((a) => keyOf('agent', a.name) === agentKey);
  const system = declared.systems.find((s) => keyOf('system', s.name) === systemKey);
  const env = environmentFor(declared, tier, envName);
  if (!agent || !system || !env) return null;
  return declared.grants.find((d) => d.agentId === agent.id && d.systemId === system.id && d.environmentId === env.id) ?? null;
}

/** Accepted grants whose tools, annotations or scope changed since they were approved. */
function staleApprovals(db: Database, declared: DeclaredInventory, proposal: Proposal): { subject: string; reason: string }[] {
  const prov = provenanceOf(db, 'grant');
  const out: { subject: string; reason: string }[] = [];
  for (const g of proposal.grants) {
    const grant = matchingGrant(declared, g.agentKey, g.systemKey, g.environmentTier, g.environmentName);
    const p = grant ? prov.get(grant.id) : undefined;
    if (p?.approvedHash && p.approvedHash !== g.hashOfApproved)
      out.push({
        subject: `${g.agentName} → ${g.systemName} in ${g.environmentName}`,
        reason: 'The tools, their annotations or the scope changed since this grant was accepted: its approval is stale.',
      });
  }
  return out;
}

/** The run as the user reviews it now: its proposal diffed against the inventory as it is now. */
export function viewOf(db: Database, run: Run, now: Date): DiscoveryRunView {
  const declared = declaredOf(db);
  const diff = diffAgainstDeclared(declared, run.proposal);
  const items = reviewItems(diff);
  return {
    run: summaryOf(run),
    sources: run.sources,
    skipped: run.skipped,
    items,
    pending: items.filter((i) => i.acceptable).length,
    unchanged: diff.unchanged,
    findings: findingsOf(db, run, declared, diff, now),
  };
}

export function findingsOf(db: Database, run: Run, declared: DeclaredInventory, diff: DiscoveryDiff, now: Date): DriftFinding[] {
  return driftFindings({
    proposal: run.proposal,
    diff,
    firstRunAt: firstRunAt(db),
    now: now.toISOString(),
    staleApprovals: staleApprovals(db, declared, run.proposal),
  });
}

export const summaryOf = (run: Run) => ({
  id: run.id,
  at: run.at,
  actor: run.actor,
  channel: run.channel,
  files: run.sources.length,
  read: run.sources.filter((s) => s.read).length,
  skipped: run.skipped.length + run.sources.filter((s) => !s.read).length,
  proposed: reviewItems(run.diff).filter((i) => i.acceptable).length,
});
