import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackManifest } from '../../../core/pack/manifest';
import { rowHash, type HistoryRow } from '../../../electron/store/history/hash';
import { boundedUnzip } from '../../../electron/services/transfer-zip';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/**
 * The pack's history of the period: the entries between the previous finalised assessment and this
 * one's finalisation, with their stored text and hashes so an auditor can check the chain from the
 * file alone. A change after the finalisation is not in it, and a later build gives the same manifest.
 * (The PDF renderer is a stub here: the PDF is covered by pack.test.ts.)
 */
const clock = { wall: Date.parse('2026-04-01T09:00:00Z') };
let h: Harness;
let workspaceId: string;
let q2: string;
let out: string;
let first: string;

type Period = { entryCount: number; period: { fromSeq: number; toSeq: number }; hashRule: string; entries: HistoryRow[] };
const read = (dir: string, f: string) => readFileSync(join(dir, f));
const periodOf = (dir: string) => JSON.parse(read(dir, 'history/period.json').toString('utf8')) as Period;
const manifestOf = (dir: string) => JSON.parse(read(dir, 'manifest.json').toString('utf8')) as PackManifest;

async function setPurpose(agentId: string, purpose: string) {
  const a = (await h.call('agent:get', { workspaceId, id: agentId })).agent as unknown as Record<string, unknown>;
  const { id: _id, createdAt: _c, updatedAt: _u, ...input } = a;
  await h.call('agent:update', { workspaceId, id: agentId, agent: { ...input, purpose } } as never);
}

beforeAll(async () => {
  const r = await withWorkspace(true, {
    now: () => new Date((clock.wall += 60_000)),
    pdf: async (html) => Buffer.from(`%PDF-1.4 stub ${createHash('sha256').update(html).digest('hex')}\n%%EOF\n`),
  });
  h = r.h;
  workspaceId = r.workspaceId;
  out = mkdtempSync(join(tmpdir(), 'ar-pack-period-'));
  const agent = (await h.call('inventory:overview', { workspaceId })).agents[0]!;
  const cl = (await h.call('checklist:get', { workspaceId })).summary;
  const ref = { checklistId: cl.id, checklistVersion: cl.version };
  await setPurpose(agent.id, 'Changed before Q1');
  await h.call('assessment:finalise', { workspaceId, title: 'Q1 review', finalisedBy: 'Ana', ...ref });
  await setPurpose(agent.id, 'Changed during Q2');
  q2 = (await h.call('assessment:finalise', { workspaceId, title: 'Q2 review', finalisedBy: 'Ana', ...ref })).id;
  await setPurpose(agent.id, 'Changed after Q2');
  first = join(out, 'first');
  await h.call('pack:build', { workspaceId, assessmentId: q2, outDir: first });
}, 120_000);
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
  removeDir(out);
});

const purposes = (p: Period) =>
  p.entries
    .filter((e) => e.entity === 'agent' && e.action === 'update')
    .map((e) => (JSON.parse(e.after_json ?? '{}') as { purpose?: string }).purpose);

describe('the history of the period in an evidence pack', () => {
  it('lists the change made in the period, not the one before the previous assessment nor the one after finalising', () => {
    const p = periodOf(first);
    expect(purposes(p)).toEqual(['Changed during Q2']);
    expect(p.entryCount).toBe(p.entries.length);
    expect(p.entries[0]!.seq).toBe(p.period.fromSeq);
    expect(p.entries.at(-1)!.seq).toBe(p.period.toSeq);
    // The previous finalisation's own entry (its assessment record) opens the period.
    expect(p.entries.some((e) => e.entity === 'assessment')).toBe(true);
  });

  it('is listed in the manifest with its SHA-256, and its chain checks out from the file alone up to the manifest head', () => {
    const m = manifestOf(first);
    const bytes = read(first, 'history/period.json');
    expect(m.files.find((f) => f.path === 'history/period.json')).toEqual({
      path: 'history/period.json',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const { entries, hashRule } = periodOf(first);
    expect(hashRule).toMatch(/SHA-256/);
    entries.forEach((e, i) => {
      expect(rowHash(e), `entry #${e.seq}`).toBe(e.hash);
      if (i > 0) expect(e.prev_hash).toBe(entries[i - 1]!.hash);
    });
    expect(entries.at(-1)!.hash).toBe(m.metadata.history!.headHash);
    expect(entries.at(-1)!.seq).toBe(m.metadata.history!.entries);
  });

  it('a pack built later, after more changes, has a byte-identical manifest', async () => {
    const agent = (await h.call('inventory:overview', { workspaceId })).agents[1]!;
    await setPurpose(agent.id, 'Changed long after Q2');
    const later = join(out, 'later');
    await h.call('pack:build', { workspaceId, assessmentId: q2, outDir: later });
    expect(read(later, 'manifest.json').equals(read(first, 'manifest.json'))).toBe(true);
    expect(read(later, 'report/report.docx').equals(read(first, 'report/report.docx'))).toBe(true);
    expect((await h.call('pack:verify', { dir: later })).ok).toBe(true);
  });

  it('the DOCX carries the finalisation time, not the build time, in core.xml and fixed ZIP entry times', async () => {
    const finalisedAt = (await h.call('assessment:get', { workspaceId, id: q2 })).summary.finalisedAt.replace(/\.\d{3}Z$/, 'Z');
    const docx = read(first, 'report/report.docx');
    const core = boundedUnzip(docx)
      .find((e) => e.name === 'docProps/core.xml')!
      .data.toString('utf8');
    expect(core).toMatch(new RegExp(`<dcterms:created[^>]*>${finalisedAt}</dcterms:created>`));
    expect(core).toMatch(new RegExp(`<dcterms:modified[^>]*>${finalisedAt}</dcterms:modified>`));
    // Every local header's DOS time and date: 00:00, 1980-01-01.
    for (let i = docx.indexOf('PK\x03\x04'); i >= 0; i = docx.indexOf('PK\x03\x04', i + 4))
      expect([docx.readUInt16LE(i + 10), docx.readUInt16LE(i + 12)]).toEqual([0, 33]);
  });
});
