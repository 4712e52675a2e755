import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PLANTED } from '../../unit/activity/helpers';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const FIXTURES = join(__dirname, '../../fixtures/activity');
const EXAMPLE = join(__dirname, '../../fixtures/activity-example');
/** The example fixtures plant one more: the DB Maintenance Agent's access key. */
const SECRETS = [...PLANTED, 'ASIAEXAMPLEDBMAINT01'];

let h: Harness | undefined;
afterEach(() => {
  if (h) {
    h.close();
    removeDir(h.dataDir);
    h = undefined;
  }
});

/** Every byte of the workspace folder (database, WAL, SHM, backups) as latin1, so binary pages are searched too. */
const folderBytes = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');

describe('activity secrets at rest', () => {
  it('after importing every fixture, no planted secret is in the workspace file, its WAL or any export (0 found)', async () => {
    const w = await withWorkspace(true);
    h = w.h;
    const { workspaceId } = w;
    const r = await h.call('activity:import-path', { workspaceId, path: FIXTURES });
    await h.call('activity:import-path', { workspaceId, path: EXAMPLE });
    expect(r.events).toBeGreaterThan(20);
    // The scan must be able to fail: the fixtures do carry the secrets.
    const raw = [FIXTURES, EXAMPLE].map(folderBytes).join('\n');
    expect(SECRETS.filter((s) => raw.includes(s))).toEqual(SECRETS);

    const json = await h.call('export:workspace', { workspaceId });
    const timeline = await h.call('activity:timeline', { workspaceId, limit: 1000 });
    const findings = await h.call('activity:findings', { workspaceId });
    const everything = [
      folderBytes(h.dataDir),
      Buffer.from(json.contentBase64, 'base64').toString('utf8'),
      JSON.stringify(timeline),
      JSON.stringify(findings),
      JSON.stringify(r),
    ].join('\n');
    const found = SECRETS.filter((s) => everything.includes(s));
    console.log(`activity secrets at rest: ${SECRETS.length} planted, ${found.length} found, over ${everything.length} bytes`);
    expect(found).toEqual([]);
    // The export does not carry the fingerprint key either.
    const exported = JSON.parse(Buffer.from(json.contentBase64, 'base64').toString('utf8')) as { tables: { name: string }[] };
    expect(exported.tables.map((t) => t.name)).not.toContain('discovery_key');
  });
});
