/**
 * Scoring a workspace computes the numbers of every agent without building the per-control text,
 * and builds `controls` / `explanation` on first read. These tests hold the two paths to the same
 * answers on random workspaces with everything that changes a result: shared and missing
 * credentials, expired grants, retired agents, ownerless workflows, stale evidence, accepted and
 * expired risks, drill corrective actions and recoveries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareRun, scoreAgent, scoreWorkspace } from '../../../core/scoring/engine';
import { topRisks } from '../../../core/scoring/rollup';
import type { AcceptedRisk, AgentScore, ScoringInput } from '../../../core/scoring/types';
import type { ActionClass } from '../../../core/inventory/model';
import { agent, answer, ASOF, defaultChecklist, evidence, grant, input, inventory, sys, workflow } from './fixtures';

const checklist = defaultChecklist();
const ACTIONS: ActionClass[] = ['read', 'write', 'delete', 'deploy', 'admin', 'payment', 'permission-change', 'execute', 'external-send'];

/** A small deterministic generator, so one fast-check integer describes a whole workspace. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

function randomWorkspace(seed: number): ScoringInput {
  const r = rng(seed);
  const workflows = [workflow('wf1'), workflow('wf2', ''), workflow('wf3')];
  const agents = Array.from({ length: 2 + r.int(6) }, (_, i) =>
    agent(`a${i}`, {
      lifecycle: r.pick(['production', 'pilot', 'retired', 'production'] as const),
      accountableOwner: r.next() < 0.2 ? '' : 'Owner',
      workflowIds: r.next() < 0.15 ? [] : [r.pick(['wf1', 'wf2', 'wf3'])],
    }),
  );
  const creds = ['shared-svc', 'Shared-Svc ', '', 'solo'];
  const grants = agents.flatMap((a) =>
    Array.from({ length: r.int(7) }, () =>
      grant(a.id, {
        systemId: r.pick(['db', 'crm']),
        environmentId: r.pick(['prod', 'staging', 'sandbox', 'ro']),
        actions: [...new Set([r.pick(ACTIONS), r.pick(ACTIONS)])],
        approvalGate: r.pick(['none', 'single', 'two-person'] as const),
        scope: r.pick(['*', 'items/*', '']),
        expiresAt: r.pick([null, '2026-01-01', '2027-01-01']),
        ...(r.next() < 0.5 ? { credentialIdentity: r.pick(creds) } : {}),
      }),
    ),
  );
  const answers = agents.flatMap((a) =>
    checklist.controls
      .filter(() => r.next() < 0.5)
      .map((c) =>
        answer(a.id, c.id, r.pick(['yes', 'partial', 'no', 'na'] as const), {
          naReason: r.next() < 0.7 ? 'Not used here' : '',
          evidence: r.next() < 0.7 ? [evidence(r.pick(['2026-05-30', '2025-01-01']))] : [],
        }),
      ),
  );
  const drillEvidence = {
    recoveries: agents
      .filter(() => r.next() < 0.3)
      .map((a) => ({
        drillId: 'd1',
        agentId: a.id,
        scenarioId: 's',
        exercisedOn: r.pick(['2026-05-01', '2025-01-01']),
        ttrMs: 60_000,
        ttcMs: r.pick([null, 60_000, 7_200_000]),
      })),
    openCorrectiveActions: [
      {
        correctiveActionId: 'ca1',
        drillId: 'd1',
        agentId: null,
        controlIds: [r.pick(checklist.controls).id],
        title: 'Fix it',
        owner: '',
        dueDate: '2026-07-01',
      },
      {
        correctiveActionId: 'ca2',
        drillId: 'd1',
        agentId: agents[0]!.id,
        controlIds: [r.pick(checklist.controls).id, r.pick(checklist.controls).id],
        title: 'Gate <b>it</b>',
        owner: 'Ann',
        dueDate: '2026-08-01',
      },
    ],
  };
  const base = input({
    checklist,
    inventory: inventory({ workflows, agents, grants, systems: [sys('db'), sys('crm', 'low')] }),
    answers,
    drillEvidence,
    asOf: ASOF,
  });
  // Accept (or let lapse) some of the findings the data really produces.
  const findings = base.inventory.agents.flatMap((a) => scoreAgent(prepareRun(base), a).controls.flatMap((c) => c.findings));
  const acceptedRisks: AcceptedRisk[] = findings
    .filter(() => r.next() < 0.3)
    .map((f) => ({
      findingKey: f.key,
      agentId: f.agentId,
      controlId: f.controlId,
      owner: 'CISO',
      reason: 'Known',
      expiresOn: r.pick(['2026-12-31', '2026-05-01']),
      acceptedBy: 't',
      acceptedAt: 't',
    }));
  return { ...base, acceptedRisks };
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

describe('workspace scores build each agent’s detail on first read, with the same answers', () => {
  it('numbers, cap reasons, detail and top risks match a full per-agent run (property, 150 workspaces)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const inp = randomWorkspace(seed);
        const ws = scoreWorkspace(inp);
        const run = prepareRun(inp);
        const full: AgentScore[] = inp.inventory.agents.map((a) => scoreAgent(run, a));
        // Everything computed without the text equals the full result...
        for (const [i, f] of full.entries()) {
          const s = ws.agents[i]!;
          expect({
            score: s.score,
            verdict: s.verdict,
            band: s.bandVerdict,
            caps: s.capReasons,
            areas: s.areas,
            open: s.openFindings,
            accepted: s.acceptedFindings,
            blast: s.blastRadius,
          }).toEqual({
            score: f.score,
            verdict: f.verdict,
            band: f.bandVerdict,
            caps: f.capReasons,
            areas: f.areas,
            open: f.openFindings,
            accepted: f.acceptedFindings,
            blast: f.blastRadius,
          });
        }
        // ...the ranking that used per-grant counts equals the one read from the findings...
        expect(plain(ws.topRisks)).toEqual(plain(topRisks(full, run.ix, 10)));
        // ...and the serialised result (which reads every agent's detail) is the full result.
        expect(plain(ws.agents)).toEqual(plain(full));
      }),
      { numRuns: 150 },
    );
  });

  it('builds the detail only for the agents that are read, and then keeps it', () => {
    const inp = randomWorkspace(7);
    const ws = scoreWorkspace(inp, { topRisks: 0 });
    const a = ws.agents[0]!;
    expect(Object.getOwnPropertyDescriptor(a, 'controls')?.get).toBeTypeOf('function');
    const controls = a.controls;
    expect(controls).toHaveLength(checklist.controls.length);
    expect(Object.getOwnPropertyDescriptor(a, 'controls')?.value).toBe(controls);
    expect(a.controls).toBe(controls);
    expect(Object.getOwnPropertyDescriptor(ws.agents[1]!, 'explanation')?.get).toBeTypeOf('function');
    expect(Object.getOwnPropertyDescriptor(ws.agents[1]!, 'areas')?.get).toBeTypeOf('function');
    expect(ws.agents[1]!.areas).toEqual(scoreAgent(prepareRun(inp), inp.inventory.agents[1]!).areas);
    expect(Object.getOwnPropertyDescriptor(ws.agents[1]!, 'controls')?.get).toBeTypeOf('function');
    expect(Object.keys(a)).toEqual(Object.keys(scoreAgent(prepareRun(inp), inp.inventory.agents[0]!)));
  });

  it('survives structured cloning (Electron IPC) with the detail included', () => {
    const inp = randomWorkspace(11);
    const ws = scoreWorkspace(inp, { topRisks: 0 });
    expect(Object.getOwnPropertyDescriptor(ws.agents[1]!, 'controls')?.get).toBeTypeOf('function');
    const cloned = structuredClone(ws.agents[1]!);
    expect(cloned.controls).toHaveLength(checklist.controls.length);
    expect(cloned).toEqual(plain(scoreAgent(prepareRun(inp), inp.inventory.agents[1]!)));
  });
});
