import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAll, type ActivityFormat, type ParseContext, type ParsedBatch } from '../../../core/activity/index';
import type { Agent, Environment, Grant, GrantInput, InventorySnapshot, System } from '../../../core/inventory/model';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/activity');

/** The keyed hash the app injects (a workspace-local key): tests use HMAC-SHA256 the same way. */
export const fingerprint = (value: string): string => createHmac('sha256', 'test-workspace-key').update(value).digest('hex').slice(0, 32);
export const ctx: ParseContext = { fingerprint };

/** Every secret planted in the fixtures. None may appear in any result or error. */
export const PLANTED = [
  'ASIAPLANTEDCLEANUP01',
  'AKIAPLANTEDINTERN001',
  'AKIAPLANTEDNEWKEY001',
  'wJalrPLANTEDsecretKEYexample0000000000001',
  'AKIAPLANTEDLOOKUP001',
  'cGxhbnRlZC1rOHMtc2VjcmV0LXZhbHVl',
  'PLANTEDk8sTOKENvalue000001',
  'planted-pg-password-123',
  'planted-csv-password-456',
  'sk_live_PLANTEDotelKEY0000001',
  'plantedClaudePw99',
  'PLANTEDbearerTOKEN1234567890',
  'PLANTEDawsSECRETkey000000000000000000000',
  'planted-transcript-output-pw',
  'ghp_PLANTEDgithubTOKEN0000000000000000',
  'PLANTEDcodexTOKEN99999',
  'FAKEhashFAKEhashFAKEhashFAKEhash000000000=',
];

export const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** A line file as records, 1-based lines, the way the Node reader cuts it. */
export function lineRecords(name: string): { text: string; pos: { file: string; line: number } }[] {
  const lines = fixtureText(name).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((text, i) => ({ text, pos: { file: name, line: i + 1 } }));
}

/** An array file's elements as records (tests of the parsers alone; the reader's tokenizer is tested in integration). */
export function arrayRecords(name: string, key: string | null): { text: string; pos: { file: string; line: number; record: number } }[] {
  const doc = JSON.parse(fixtureText(name)) as Record<string, unknown> | unknown[];
  const items = (key === null ? doc : (doc as Record<string, unknown>)[key]) as unknown[];
  return items.map((item, i) => ({ text: JSON.stringify(item), pos: { file: name, line: 1, record: i } }));
}

export const parseLines = (format: ActivityFormat, name: string, context: ParseContext = ctx): ParsedBatch =>
  parseAll(format, lineRecords(name), context);

const stamp = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1 };

export function agent(id: string, name: string): Agent {
  return {
    id,
    name,
    purpose: '',
    accountableOwner: '',
    technicalOperator: '',
    vendorModel: '',
    lifecycle: 'production',
    escalationContact: '',
    workflowIds: [],
    ...stamp,
  };
}

export function grant(id: string, g: Omit<GrantInput, 'justification'> & { justification?: string }): Grant {
  return { id, scope: '*', credentialIdentity: '', approvalGate: 'none', expiresAt: null, justification: '', ...g, ...stamp } as Grant;
}

const env = (id: string, name: string, tier: Environment['tier']): Environment => ({ id, name, tier, builtin: true, ...stamp });
const system = (id: string, name: string, kind: System['kind']): System => ({
  id,
  name,
  kind,
  criticality: 'high',
  dataSensitivity: 'confidential',
  ...stamp,
});

/** The inventory the fixtures were written against. */
export function fixtureInventory(): InventorySnapshot {
  return {
    workflows: [],
    environments: [
      env('env-sbx', 'Read-only / sandbox', 'sandbox'),
      env('env-stg', 'Staging', 'staging'),
      env('env-prod', 'Production', 'production'),
    ],
    systems: [
      system('sys-aws', 'AWS 111122223333', 'cloud-account'),
      system('sys-orders', 'Orders DB', 'database'),
      system('sys-k8s', 'Prod cluster', 'other'),
      system('sys-repo', 'octo-org/billing-api', 'repository'),
    ],
    agents: [
      agent('ag-cleanup', 'Account Cleanup Agent'),
      agent('ag-db', 'DB Maintenance Agent'),
      agent('ag-ops', 'Ops Agent'),
      agent('ag-claude', 'Claude Code'),
      agent('ag-billing', 'Billing Bot'),
      agent('ag-release', 'Release Bot'),
    ],
    grants: [
      grant('gr-cleanup', {
        agentId: 'ag-cleanup',
        systemId: 'sys-aws',
        environmentId: 'env-prod',
        actions: ['read', 'delete'],
        credentialIdentity: '…/cleanup-agent',
        approvalGate: 'single',
      }),
      grant('gr-db', {
        agentId: 'ag-db',
        systemId: 'sys-orders',
        environmentId: 'env-prod',
        actions: ['read', 'write', 'delete'],
        credentialIdentity: 'agent_rw',
        approvalGate: 'single',
      }),
      grant('gr-ops', {
        agentId: 'ag-ops',
        systemId: 'sys-k8s',
        environmentId: 'env-prod',
        actions: ['read', 'write', 'delete'],
        credentialIdentity: 'system:serviceaccount:agents:ops-agent',
        approvalGate: 'two-person',
      }),
      grant('gr-claude', {
        agentId: 'ag-claude',
        systemId: 'sys-k8s',
        environmentId: 'env-prod',
        actions: ['read', 'write', 'delete', 'execute'],
        credentialIdentity: 'dev@example.com',
        approvalGate: 'single',
      }),
      grant('gr-billing', {
        agentId: 'ag-billing',
        systemId: 'sys-orders',
        environmentId: 'env-prod',
        actions: ['read', 'write', 'payment'],
        approvalGate: 'two-person',
      }),
      grant('gr-release', {
        agentId: 'ag-release',
        systemId: 'sys-repo',
        environmentId: 'env-prod',
        actions: ['read', 'write', 'deploy'],
        credentialIdentity: 'release-bot[bot]',
      }),
    ],
  };
}
