import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../../electron/services/context';
import { dispatch } from '../../../electron/services/dispatch';
import { crc32 } from '../../../electron/services/pack/zip';
import { removeDir, withWorkspace, type Harness } from '../helpers';

let h: Harness;
let workspaceId: string;
const out = mkdtempSync(join(tmpdir(), 'ar-packzip-'));
beforeAll(async () => {
  const r = await withWorkspace(true, { now: () => new Date('2026-06-01T10:00:00Z') });
  h = r.h;
  workspaceId = r.workspaceId;
}, 60_000);
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
  removeDir(out);
});

/** Reads a ZIP of stored entries by its local headers, checking each entry's CRC-32. */
function unzipStored(zip: Buffer): { path: string; bytes: Buffer }[] {
  const entries: { path: string; bytes: Buffer }[] = [];
  let p = 0;
  while (zip.readUInt32LE(p) === 0x04034b50) {
    expect(zip.readUInt16LE(p + 8)).toBe(0); // stored
    const crc = zip.readUInt32LE(p + 14);
    const size = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extra = zip.readUInt16LE(p + 28);
    const path = zip.subarray(p + 30, p + 30 + nameLen).toString('utf8');
    const bytes = zip.subarray(p + 30 + nameLen + extra, p + 30 + nameLen + extra + size);
    expect(crc32(bytes)).toBe(crc);
    entries.push({ path, bytes });
    p += 30 + nameLen + extra + size;
  }
  expect(zip.readUInt32LE(p)).toBe(0x02014b50); // the central directory follows
  return entries;
}

describe('evidence pack download (browser mode)', () => {
  it('is a ZIP of one folder that, unzipped, verifies; a draft says so in its name', async () => {
    const f = await h.call('pack:download', { workspaceId, assessmentId: null });
    expect(f.mime).toBe('application/zip');
    expect(f.fileName).toMatch(/evidence pack 2026-06-01 DRAFT\.zip$/);
    const entries = unzipStored(Buffer.from(f.contentBase64, 'base64'));
    const folders = new Set(entries.map((e) => e.path.split('/')[0]));
    expect(folders.size).toBe(1);
    for (const e of entries) {
      const target = join(out, ...e.path.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, e.bytes);
    }
    const r = await h.call('pack:verify', { dir: join(out, [...folders][0]!) });
    console.log(`zip download: entries=${entries.length}, verified=${r.ok}`);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(entries.some((e) => e.path.endsWith('/oscal/poam.json'))).toBe(true);
  });

  it('desktop: the save dialog names a new folder and the pack is built there; cancelling writes nothing', async () => {
    const asked: string[] = [];
    const desktop = createServiceContext({
      dataDir: h.dataDir,
      mode: 'desktop',
      now: () => new Date('2026-06-01T10:00:00Z'),
      saveDialog: (name) => {
        asked.push(name);
        return Promise.resolve(asked.length === 1 ? join(out, 'chosen', name) : null);
      },
    });
    try {
      const r = await dispatch(desktop, 'pack:save', { workspaceId, assessmentId: null });
      if (!r.ok) throw new Error(r.error.message);
      const built = r.value as { dir: string; fingerprint: string };
      expect(asked[0]).toBe('Example evidence pack 2026-06-01 DRAFT');
      expect(built.dir).toBe(join(out, 'chosen', asked[0]!));
      expect((await h.call('pack:verify', { dir: built.dir })).ok).toBe(true);
      const cancelled = await dispatch(desktop, 'pack:save', { workspaceId, assessmentId: null });
      expect(cancelled).toEqual({ ok: true, value: null });
      // The path channels stay closed to the desktop door.
      const refused = await dispatch(desktop, 'pack:build', { workspaceId, outDir: join(out, 'elsewhere') });
      expect(refused.ok ? null : refused.error.code).toBe('REFUSED');
    } finally {
      desktop.close();
    }
  });

  it('choosing a folder is refused where there is no save dialog', async () => {
    const err = await h.fail('pack:save', { workspaceId, assessmentId: null });
    expect(err.code).toBe('REFUSED');
  });
});

describe('signing key', () => {
  it('is not created for a workspace that does not exist', async () => {
    const err = await h.fail('pack:key', { workspaceId: 'no-such-workspace' });
    expect(err.code).toBe('NOT_FOUND');
    expect(existsSync(join(h.dataDir, 'keys', 'no-such-workspace.ed25519.pem'))).toBe(false);
    const a = await h.call('pack:key', { workspaceId });
    expect(await h.call('pack:key', { workspaceId })).toEqual(a); // one key per workspace, kept
  });
});
