import { describe, expect, it } from 'vitest';
import { analyseActivity, attributeEvent, buildAttributionIndex, type ActivityEvent } from '../../../core/activity/index';
import { fingerprint, fixtureInventory, grant } from './helpers';

/** The import attributes each distinct actor once and reuses the answer: it must be the answer a fresh attribution gives. */
const base: ActivityEvent = {
  id: 'e',
  correlation: null,
  format: 'cloudtrail',
  time: '2026-05-04T10:00:00.000Z',
  actor: {},
  env: {},
  action: 'rds:DeleteDBSnapshot',
  target: null,
  actionClass: 'delete',
  classWhy: '',
  outcome: 'success',
  outcomeWhy: '',
  approval: null,
  source: { file: 'f', line: 1 },
};
const assumed = (role: string, session: string, key?: string): ActivityEvent => ({
  ...base,
  id: `${role}/${session}/${key ?? ''}`,
  actor: {
    roleArn: `arn:aws:iam::111122223333:role/${role}`,
    principalArn: `arn:aws:sts::111122223333:assumed-role/${role}/${session}`,
    ...(key === undefined ? {} : { credentialFingerprint: fingerprint(key) }),
  },
});

describe('attribution remembered per distinct actor', () => {
  it('gives every event the attribution a fresh pass gives, across sessions, keys and a session-specific grant', () => {
    const inv = fixtureInventory();
    // A grant whose identity is one session's full ARN: only that session is this agent's.
    inv.grants.push(
      grant('gr-session', {
        agentId: 'ag-release',
        systemId: 'sys-aws',
        environmentId: 'env-prod',
        actions: ['delete'],
        credentialIdentity: 'arn:aws:sts::111122223333:assumed-role/shared-role/release-run',
      }),
      grant('gr-key', {
        agentId: 'ag-billing',
        systemId: 'sys-aws',
        environmentId: 'env-prod',
        actions: ['delete'],
        credentialIdentity: 'AKIAPLANTEDBILLING01',
      }),
    );
    const events = [
      assumed('cleanup-agent', 'run-1'),
      assumed('cleanup-agent', 'run-2', 'AKIAOTHERKEY00000001'),
      assumed('shared-role', 'release-run'),
      assumed('shared-role', 'other-run'),
      assumed('shared-role', 'other-run', 'AKIAPLANTEDBILLING01'),
      assumed('shared-role', 'release-run'),
      assumed('nobody', 'run-1'),
      assumed('nobody', 'run-2'),
    ];
    const index = buildAttributionIndex(inv, fingerprint);
    const fresh = events.map((e) => attributeEvent(e, index));
    const batched = analyseActivity(events, inv, { fingerprint }).map((a) => a.attribution);
    expect(batched).toEqual(fresh);
    expect(batched.map((a) => a.agentId)).toEqual(['ag-cleanup', 'ag-cleanup', 'ag-release', null, 'ag-billing', 'ag-release', null, null]);
  });
});
