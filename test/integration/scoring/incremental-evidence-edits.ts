/**
 * The property test's edits that bring evidence from outside the inventory (issue 16): activity logs
 * (imports, app approvals, a LOG answer of an agent with a log) and discovery (runs, acceptances, and
 * edits to the grants discovery declared, whose drift then moves).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_CLASSES, APPROVAL_GATES } from '../../../core/inventory/vocabulary';
import type { ScoringInput } from '../../../core/scoring/types';
import type { Harness } from '../helpers';

const ACTIVITY = join(__dirname, '../../fixtures/activity-example');
const ACTIVITY_FILES = ['claude-code-dbmaint.jsonl', '444455556666_CloudTrail_eu-west-1_20260521T0200Z_dbmaint.json'];
const DISCOVERY = join(__dirname, '../../fixtures/discovery');
const DISCOVERY_FILES = ['cursor/shop/.cursor/mcp.json', 'claude-code/shop/.mcp.json', 'vscode/api/.vscode/mcp.json'];

export type EvidenceOp =
  | { kind: 'activity-import'; file: number }
  | { kind: 'activity-approval'; pick: number; anyAgent: boolean; withdraw: boolean }
  | { kind: 'log-answer'; pick: number; value: number }
  | { kind: 'discovery'; file: number; accept: boolean }
  | { kind: 'discovered-grant'; pick: number; actions: number; gate: number };

export const EVIDENCE_KINDS: EvidenceOp['kind'][] = ['activity-import', 'activity-approval', 'log-answer', 'discovery', 'discovered-grant'];

export const evidenceOps = (n: fc.Arbitrary<number>) => [
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('activity-import' as const), file: n }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('activity-approval' as const), pick: n, anyAgent: fc.boolean(), withdraw: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('log-answer' as const), pick: n, value: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('discovery' as const), file: n, accept: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('discovered-grant' as const), pick: n, actions: n, gate: n }) },
];

const at = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
/** Agents each workspace's discovery acceptances created. */
const discovered = new Map<string, Set<string>>();

export async function applyEvidenceEdit(
  h: Harness,
  workspaceId: string,
  o: EvidenceOp,
  step: number,
  input: ScoringInput,
  tryCall: (p: Promise<unknown>) => Promise<void>,
): Promise<unknown> {
  const { agents, grants } = input.inventory;
  switch (o.kind) {
    case 'activity-import':
      // Logs of the example's DB Maintenance Agent: behaviour findings and LOG evidence enter the score.
      return tryCall(h.call('activity:import-path', { workspaceId, path: join(ACTIVITY, at(ACTIVITY_FILES, o.file)) }));
    case 'activity-approval': {
      const approvals = await h.call('activity:approvals', { workspaceId });
      const live = approvals.filter((a) => a.withdraws === null && !approvals.some((w) => w.withdraws === a.id));
      if (o.withdraw && live.length)
        return tryCall(h.call('activity:approval-withdraw', { workspaceId, id: at(live, o.pick).id, note: `step ${step}` }));
      const events = (await h.call('activity:timeline', { workspaceId, limit: 50 })).events.filter((e) => e.target && e.time);
      if (!events.length) return;
      const e = at(events, o.pick);
      const approvedAt = new Date(Date.parse(e.time!) - 5 * 60_000).toISOString();
      const agentId = o.anyAgent ? null : e.agentId;
      return tryCall(
        h.call('activity:approval-record', { workspaceId, agentId, target: e.target!, approvedBy: 'Priya Raman', approvedAt }),
      );
    }
    case 'log-answer': {
      // An answer to a LOG control of an agent with an imported log: the log is part of its evidence.
      const logged = (await h.call('activity:summary', { workspaceId })).flatMap((s) => (s.agentId ? [s.agentId] : []));
      const controls = input.checklist.controls.filter((c) => c.area === 'LOG');
      if (!logged.length || !controls.length) return;
      const answer = { controlId: at(controls, o.pick).id, value: at(['yes', 'partial', 'no'] as const, o.value), naReason: '' };
      const ref = { checklistId: input.checklist.id, checklistVersion: input.checklist.version };
      return tryCall(h.call('answer:set', { workspaceId, agentId: at(logged, o.pick), ...ref, answers: [answer] }));
    }
    case 'discovery': {
      const file = at(DISCOVERY_FILES, o.file);
      const content = { fileName: file.split('/').pop()!, contentBase64: readFileSync(join(DISCOVERY, file)).toString('base64') };
      const view = await h.call('discovery:run', { workspaceId, files: [content] });
      if (!o.accept || view.pending === 0) return tryCall(Promise.resolve());
      const before = new Set(agents.map((a) => a.id));
      await tryCall(h.call('discovery:accept', { workspaceId, runId: view.run.id, all: true }));
      const mine = discovered.get(workspaceId) ?? discovered.set(workspaceId, new Set()).get(workspaceId)!;
      for (const a of (await h.call('inventory:overview', { workspaceId })).agents) if (!before.has(a.id)) mine.add(a.id);
      return;
    }
    case 'discovered-grant': {
      // Narrower actions or another gate than the client config gives: the agent's drift moves.
      const mine = discovered.get(workspaceId);
      const theirs = grants.filter((g) => mine?.has(g.agentId));
      if (!theirs.length) return;
      const { id, createdAt: _c, updatedAt: _u, version, ...rest } = at(theirs, o.pick);
      const actions = ACTION_CLASSES.filter((_, k) => k === o.actions % ACTION_CLASSES.length || k === 0);
      const grant = { ...rest, actions, approvalGate: at(APPROVAL_GATES, o.gate) };
      return tryCall(h.call('grant:update', { workspaceId, id, grant, expectedVersion: version }));
    }
  }
}
