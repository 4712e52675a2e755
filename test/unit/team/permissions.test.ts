import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../core/contract/index';
import type { Role } from '../../../core/team/rules';
import { decide } from '../../../renderer/features/team/permissions';
import type { TeamState } from '../../../renderer/features/team/team';

/** The renderer's role decisions (issue 14 §3) come from core/team's table; the server enforces the same one. */
const as = (roles: Role[], workflowScope: string[] | null = null): TeamState => ({
  team: true,
  account: { id: 'a', name: 'A', roles, workflowScope, workspaces: ['ws'] },
});

describe('role-aware UI decisions', () => {
  it('desktop and loopback browser mode: every control is usable', () => {
    for (const channel of CHANNELS) expect([channel, decide({ team: false, account: null }, channel).allowed]).toEqual([channel, true]);
  });

  it('a viewer reads, and the controls it may not use are hidden (readOnly), not explained', () => {
    expect(decide(as(['viewer']), 'agent:get')).toEqual({ allowed: true });
    expect(decide(as(['viewer']), 'agent:create')).toEqual({ allowed: false, reason: 'Needs the editor role.', readOnly: true });
  });

  it('other roles see which role a control needs: approve for approvers, drills for facilitators', () => {
    expect(decide(as(['editor']), 'grant:approve')).toEqual({ allowed: false, reason: 'Needs the approver role.', readOnly: false });
    expect(decide(as(['approver']), 'grant:approve').allowed).toBe(true);
    expect(decide(as(['approver']), 'drills:append')).toMatchObject({ allowed: false, reason: 'Needs the facilitator role.' });
    expect(decide(as(['facilitator']), 'drills:append').allowed).toBe(true);
    expect(decide(as(['facilitator']), 'drills:aar-signoff')).toMatchObject({ reason: 'Needs the approver role.' });
    expect(decide(as(['editor']), 'team:members')).toMatchObject({ reason: 'Needs the admin role.' });
    expect(decide(as(['admin']), 'team:members').allowed).toBe(true);
    expect(decide(as(['admin']), 'backup:restoreByPath')).toMatchObject({ allowed: false, reason: 'Not available on a team server.' });
  });

  it('an editor limited to a workflow edits only agents of that workflow, and nothing every workflow shares', () => {
    const ed = as(['editor'], ['wf-billing']);
    expect(decide(ed, 'agent:update', ['wf-billing']).allowed).toBe(true);
    expect(decide(ed, 'agent:update', ['wf-support'])).toMatchObject({
      allowed: false,
      reason: 'You may change only the agents of the workflows you were given.',
    });
    expect(decide(ed, 'grant:create', ['wf-billing', 'wf-support']).allowed).toBe(false);
    expect(decide(ed, 'agent:create').allowed).toBe(true); // the form picks the workflows; the server checks them
    expect(decide(ed, 'system:create')).toMatchObject({ allowed: false, reason: expect.stringContaining('shared by every workflow') });
    expect(decide(as(['editor']), 'system:create').allowed).toBe(true);
  });

  it('signed out on a team server: nothing', () => {
    expect(decide({ team: true, account: null }, 'agent:get').allowed).toBe(false);
  });
});
