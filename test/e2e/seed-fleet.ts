import type { Page } from '@playwright/test';

/** The name of the i-th seeded agent (0-based): "Fleet agent 0000" … "Fleet agent 1199". */
export const fleetAgent = (i: number): string => `Fleet agent ${String(i).padStart(4, '0')}`;

/**
 * Imports `count` agents (one read or delete grant each on a critical production system) into the
 * open workspace through the same HTTP API the app uses: more agents than one overview page holds.
 */
export async function seedFleet(page: Page, count = 1200): Promise<void> {
  await page.evaluate(async (n) => {
    const call = async (channel: string, input: unknown) =>
      (await (
        await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
      ).json()) as { ok: boolean; value: { lastWorkspaceId: string } };
    const ws = (await call('app:info', {})).value.lastWorkspaceId;
    const name = (i: number) => `Fleet agent ${String(i).padStart(4, '0')}`;
    const doc = {
      format: 'agent-readiness-inventory',
      version: 1,
      workflows: [{ name: 'Fleet upkeep', purpose: 'Keeps the fleet', owner: 'Ops' }],
      systems: [{ name: 'Fleet DB', kind: 'database', criticality: 'critical', dataSensitivity: 'restricted' }],
      agents: Array.from({ length: n }, (_, i) => ({ name: name(i), accountableOwner: 'Ops', workflows: i % 2 ? ['Fleet upkeep'] : [] })),
      grants: Array.from({ length: n }, (_, i) => ({
        agent: name(i),
        system: 'Fleet DB',
        environment: 'Production',
        actions: i % 10 === 0 ? ['delete'] : ['read'],
        approvalGate: 'none',
        credentialIdentity: `svc-fleet-${i}`,
      })),
    };
    const bytes = new TextEncoder().encode(JSON.stringify(doc));
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    const r = await call('import:apply', { workspaceId: ws, fileName: 'fleet.json', contentBase64: btoa(bin) });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }, count);
}
