import { describe, expect, it } from 'vitest';
import { scoreWorkspace } from '../../../core/scoring/engine';
import type { DriftEvidence } from '../../../core/discovery/drift-evidence';
import { agent, checklistOf, control, grant, input, inventory } from './fixtures';

const checklist = checklistOf([
  control({ id: 'PRM-1', weight: 2 }),
  control({ id: 'PRM-9', weight: 3, rule: { id: 'discovery-drift', params: { kinds: ['undeclared-destructive', 'weaker-gate'] } } }),
]);

describe('discovery-drift rule', () => {
  it('is n/a with no discovery run, so a workspace that never ran discovery scores as before', () => {
    const g = grant('a');
    const res = scoreWorkspace(input({ checklist, inventory: inventory({ agents: [agent('a')], grants: [g] }) }));
    const c = res.agents[0]!.controls.find((x) => x.controlId === 'PRM-9')!;
    expect(c.points).toBeNull();
  });

  it('turns the control to "no" with a finding per drift item of the kinds it names, on the grant it is about', () => {
    const g = grant('a');
    const discovery: DriftEvidence = {
      runAt: '2026-05-01T00:00:00.000Z',
      byAgent: {
        a: [
          {
            kind: 'weaker-gate',
            grantId: g.id,
            key: 'k1',
            message: 'Orders DB in Production: declared gate two-person, but the client gives none: autoApprove',
          },
          {
            kind: 'undeclared-destructive',
            grantId: null,
            key: 'k2',
            message: 'Files in Production: discovery found delete that no declared grant covers.',
          },
          { kind: 'shared-credential', grantId: null, key: 'fp', message: 'not asked for by this control' },
        ],
      },
    };
    const withRun = scoreWorkspace(input({ checklist, inventory: inventory({ agents: [agent('a')], grants: [g] }), discovery }));
    const c = withRun.agents[0]!.controls.find((x) => x.controlId === 'PRM-9')!;
    expect(c.effective).toBe('no');
    expect(c.findings.map((f) => [f.grantId, f.message])).toEqual([
      [g.id, expect.stringContaining('client gives none')],
      [null, expect.stringContaining('no declared grant covers')],
    ]);
    // An empty drift list for the agent is a pass.
    const clean = scoreWorkspace(
      input({ checklist, inventory: inventory({ agents: [agent('a')], grants: [g] }), discovery: { ...discovery, byAgent: {} } }),
    );
    expect(clean.agents[0]!.controls.find((x) => x.controlId === 'PRM-9')!.effective).toBe('yes');
    expect(clean.agents[0]!.score).toBeGreaterThan(withRun.agents[0]!.score);
  });
});
