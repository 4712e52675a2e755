import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAssessmentResults } from '../../../core/oscal/assessment-results';
import type { OscalInput } from '../../../core/oscal/input';
import { buildPoam } from '../../../core/oscal/poam';
import { uuidMaker, uuidV5 } from '../../../core/oscal/uuid';
import { schemaErrors as errors, validateAssessmentResults as validateAr, validatePoam } from './validators';

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest();
const uuid = uuidMaker(sha1);

const input: OscalInput = {
  workspace: { id: 'acme-1a2b3c', name: 'Acme  Corp\n(ops)' },
  appVersion: '0.1.0',
  generatedAt: '2026-06-01T10:00:00.123Z',
  assessment: { id: 'a1', title: 'Q2 review', finalisedAt: '2026-06-01T10:00:00.123Z', finalisedBy: ' Priya Shah ' },
  checklist: { id: 'readiness-default', version: '1.2.0', title: 'Agent readiness' },
  controls: [
    { id: 'APR-2', title: 'Destructive production actions need approval' },
    { id: 'LOG-1', title: 'Reviewable audit logs' },
  ],
  agents: [
    { id: 'ag-1', name: 'Account Cleanup Agent', lifecycle: 'production', score: 41, verdict: 'not-ready', capReasons: ['APR-2 open'] },
    { id: 'ag-2', name: 'Données agent ✓', lifecycle: 'pilot', score: 88, verdict: 'ready', capReasons: [] },
  ],
  findings: [
    {
      key: 'f-1',
      agentId: 'ag-1',
      controlId: 'APR-2',
      controlTitle: 'Destructive production actions need approval',
      message: 'Customer accounts DB in Production: can delete with no approval gate',
      status: 'open',
      acceptance: null,
      evidence: ['Runbook (2026-05-30)'],
    },
    {
      key: 'f-2',
      agentId: 'ag-2',
      controlId: 'LOG-1',
      controlTitle: 'Reviewable audit logs',
      message: 'Logs kept 7 days',
      status: 'accepted',
      acceptance: { owner: 'Sam', reason: 'Vendor limit', expiresOn: '2026-09-30' },
      evidence: [],
    },
  ],
  actions: [
    {
      id: 'c1',
      title: 'Add a gate',
      owner: 'Sam',
      dueDate: '2026-07-01',
      status: 'open',
      source: 'DB drop drill',
      controlIds: ['APR-2'],
      closedAt: null,
    },
    {
      id: 'c2',
      title: 'Rotate keys',
      owner: '',
      dueDate: null,
      status: 'closed',
      source: 'Drill',
      controlIds: [],
      closedAt: '2026-05-02T09:00:00Z',
    },
  ],
};

describe('UUIDv5', () => {
  it('matches the RFC 4122 reference value (DNS namespace, www.example.com)', () => {
    expect(uuidV5(sha1, '6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('encodes non-ASCII names as UTF-8 like node does', () => {
    const name = 'agent:Données ✓ 🚀';
    const direct = createHash('sha1')
      .update(Buffer.concat([Buffer.from('6f1d7c2e4b8a4e5f9a3d2c7b1e8f0a94', 'hex'), Buffer.from(name)]))
      .digest('hex');
    expect(uuid(name).replace(/-/g, '').slice(0, 12)).toBe(direct.slice(0, 12));
  });
});

describe('OSCAL documents', () => {
  it('Assessment Results validates against the NIST 1.0.5 schema', () => {
    const doc = buildAssessmentResults(input, uuid);
    const ok = validateAr(doc);
    expect(errors(validateAr)).toEqual([]);
    expect(ok).toBe(true);
    const r = doc['assessment-results'].results[0]!;
    expect(r.findings).toHaveLength(2);
    expect(r.observations).toHaveLength(4);
    expect(doc['assessment-results'].metadata['last-modified']).toBe('2026-06-01T10:00:00Z');
  });

  it('POA&M validates against the NIST 1.0.5 schema, with owners and due dates on the risks', () => {
    const doc = buildPoam(input, uuid);
    expect(validatePoam(doc) ? [] : errors(validatePoam)).toEqual([]);
    const p = doc['plan-of-action-and-milestones'];
    expect(p['poam-items']).toHaveLength(2);
    const open = p.risks!.find((r) => r.title === 'Add a gate')!;
    expect(open).toMatchObject({ status: 'open', deadline: '2026-07-01T00:00:00Z' });
    expect(open.remediations[0]!.tasks[0]).toMatchObject({ timing: { 'on-date': { date: '2026-07-01T00:00:00Z' } } });
    expect(p.risks!.find((r) => r.title === 'Rotate keys')!.status).toBe('closed');
  });

  it('a workspace with no findings, actions or controls still gives valid documents', () => {
    const empty: OscalInput = { ...input, assessment: null, checklist: null, controls: [], agents: [], findings: [], actions: [] };
    expect(validateAr(buildAssessmentResults(empty, uuid)) ? [] : errors(validateAr)).toEqual([]);
    expect(validatePoam(buildPoam(empty, uuid)) ? [] : errors(validatePoam)).toEqual([]);
  });

  it('the validators can fail: a fractional-second time and a bad risk status are refused', () => {
    const doc = buildAssessmentResults(input, uuid);
    const bad = structuredClone(doc);
    bad['assessment-results'].metadata['last-modified'] = '2026-06-01T10:00:00.000Z';
    expect(validateAr(bad)).toBe(false);
    const poam = structuredClone(buildPoam(input, uuid));
    poam['plan-of-action-and-milestones'].risks![0]!.status = 'done';
    expect(validatePoam(poam)).toBe(false);
  });

  it('is deterministic: the same input gives the same bytes, another assessment other UUIDs', () => {
    expect(JSON.stringify(buildAssessmentResults(input, uuid))).toBe(JSON.stringify(buildAssessmentResults(structuredClone(input), uuid)));
    expect(JSON.stringify(buildPoam(input, uuid))).toBe(JSON.stringify(buildPoam(structuredClone(input), uuid)));
    const other = buildAssessmentResults({ ...input, assessment: { ...input.assessment!, id: 'a2' } }, uuid);
    expect(other['assessment-results'].uuid).not.toBe(buildAssessmentResults(input, uuid)['assessment-results'].uuid);
  });
});
