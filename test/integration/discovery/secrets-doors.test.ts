import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedUnzip } from '../../../electron/services/transfer-zip';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const FIXTURES = join(__dirname, '../../fixtures/discovery');
const PLANTED: string[] = [
  ...Object.values(JSON.parse(readFileSync(join(FIXTURES, 'planted-secrets.json'), 'utf8')) as Record<string, string[]>).flat(),
  'E2e-Planted-Pass-0101',
  'E2e-Planted-Pass-0102',
];
const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
});

/** Every planted secret found in `haystack`, as text and as UTF-16 (SQLite can store either). */
const found = (haystack: Buffer, where: string): string[] =>
  PLANTED.filter((s) => haystack.includes(Buffer.from(s, 'utf8')) || haystack.includes(Buffer.from(s, 'utf16le'))).map(
    (s) => `${where}: ${s}`,
  );

describe('secrets never leave the file: the doors', () => {
  it('runs discovery on every fixture, accepts everything, and finds 0 planted secrets in the workspace file, its WAL, exports, reports and responses', async () => {
    const { h, workspaceId, ws } = await withWorkspace(false);
    harnesses.push(h);
    expect(PLANTED.length).toBeGreaterThanOrEqual(30);
    expect(found(Buffer.from(`x ${PLANTED[0]} y`), 'probe')).toHaveLength(1); // the scan can fail
    // Every fixture file by name (a folder walk picks only known config names; IAM, RBAC and CSV exports are named by hand).
    const files = (readdirSync(FIXTURES, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
      .filter((d) => d.isFile() && d.name !== 'planted-secrets.json')
      .map((d) => join(d.parentPath, d.name));
    const view = await h.call('discovery:runPaths', { workspaceId, paths: files });
    expect(view.sources.filter((s) => !s.read).map((s) => `${s.path}: ${s.reason}`)).toEqual([]);
    expect(view.run.read).toBeGreaterThanOrEqual(18);
    const accepted = await h.call('discovery:accept', { workspaceId, runId: view.run.id, all: true });
    expect(accepted.created.grants).toBeGreaterThan(10);
    const hits: string[] = [];
    const json = (v: unknown, where: string) => hits.push(...found(Buffer.from(JSON.stringify(v)), where));
    json(view, 'discovery:runPaths');
    json(accepted, 'discovery:accept');
    json(await h.call('discovery:get', { workspaceId, runId: null }), 'discovery:get');
    json(await h.call('discovery:drift', { workspaceId }), 'discovery:drift');
    json(await h.call('discovery:runs', { workspaceId }), 'discovery:runs');
    json(await h.call('inventory:overview', { workspaceId }), 'inventory:overview');

    const exported = await h.call('export:workspace', { workspaceId });
    const exportText = Buffer.from(exported.contentBase64, 'base64');
    hits.push(...found(exportText, 'export:workspace'));
    const tables = (JSON.parse(exportText.toString('utf8')) as { tables: { name: string }[] }).tables.map((t) => t.name);
    expect(tables).toContain('discovery_runs');
    expect(tables).not.toContain('discovery_key'); // the fingerprint key never leaves the workspace file
    const xlsx = await h.call('export:data', { workspaceId, dataset: 'all', format: 'xlsx' });
    for (const e of boundedUnzip(Buffer.from(xlsx.contentBase64, 'base64'))) hits.push(...found(e.data, `export xlsx ${e.name}`));
    const csv = await h.call('export:data', { workspaceId, dataset: 'grants', format: 'csv' });
    hits.push(...found(Buffer.from(csv.contentBase64, 'base64'), 'export csv'));
    for (const format of ['md', 'json', 'html'] as const) {
      const r = await h.call('report:export', { workspaceId, format, assessmentId: null });
      hits.push(...found(Buffer.from(r.contentBase64, 'base64'), `report ${format}`));
    }
    // The workspace file and its write-ahead log, read while the connection is open (the WAL is not yet checkpointed).
    for (const file of [ws.file, `${ws.file}-wal`])
      if (existsSync(file)) hits.push(...found(readFileSync(file), file.endsWith('-wal') ? 'WAL' : 'workspace file'));
    expect(existsSync(`${ws.file}-wal`)).toBe(true);
    expect(hits).toEqual([]);
  }, 60_000);
});
