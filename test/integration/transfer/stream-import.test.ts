import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { streamDocument, type StreamItem } from '../../../core/transfer/stream-json';
import { importPath } from '../../../electron/services/transfer-stream';
import type { ServiceContext } from '../../../electron/services/context';
import { removeDir, withWorkspace, type Harness } from '../helpers';

const harnesses: Harness[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
  for (const d of dirs.splice(0)) removeDir(d);
});

const doc = {
  format: 'agent-readiness-inventory',
  version: 1,
  workflows: [{ name: 'Refunds', purpose: 'Pays back "customers" \\ fast', owner: 'Ops' }],
  systems: [{ name: 'Stripé 🚀', kind: 'saas', criticality: 'critical', dataSensitivity: 'restricted' }],
  agents: [
    { name: 'Refund bot', purpose: 'Braces } ] { [ in text', accountableOwner: 'Ana', lifecycle: 'production', workflows: ['Refunds'] },
    { name: 'Triage bot', purpose: 'Reads tickets', accountableOwner: 'Bo', lifecycle: 'pilot', workflows: [] },
  ],
  grants: [
    { agent: 'Refund bot', system: 'Stripé 🚀', environment: 'Production', actions: ['write', 'read'], credentialIdentity: 'svc-refund' },
    { agent: 'Triage bot', system: 'Stripé 🚀', environment: 'Staging', actions: ['read'], credentialIdentity: 'svc-triage' },
  ],
};

function fileOf(text: string, name = 'org.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ar-stream-'));
  dirs.push(dir);
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function collect(chunks: AsyncIterable<string>, maxEntry?: number): Promise<StreamItem[]> {
  const out: StreamItem[] = [];
  for await (const it of streamDocument(chunks, maxEntry)) out.push(it);
  return out;
}
async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('streaming inventory reader', () => {
  it('reads the same entries whatever the chunk boundaries (1, 3, 7 characters and whole), pretty or compact', async () => {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      for (const size of [1, 3, 7, text.length]) {
        const items = await collect(pieces(text, size));
        const back: Record<string, unknown> = {};
        for (const it of items) {
          if (it.kind === 'scalar') back[it.key] = it.value;
          else ((back[it.key] ??= []) as unknown[])[it.index] = it.value;
        }
        expect(back).toEqual(doc);
      }
    }
  });

  it('never holds more than one entry: an entry that never ends is refused after a bounded read', async () => {
    let read = 0;
    async function* endless(): AsyncGenerator<string> {
      yield '{"agents":[{"name":"x","purpose":"';
      for (;;) {
        read += 1;
        yield 'a'.repeat(16 * 1024);
      }
    }
    await expect(collect(endless(), 64 * 1024)).rejects.toThrow(/too large/);
    expect(read).toBeLessThanOrEqual(5);
  });

  it('refuses a bare list, a truncated document and text after its end', async () => {
    await expect(collect(pieces('[{"name":"a"}]', 4))).rejects.toThrow(/bare list/);
    await expect(collect(pieces('{"agents":[{"name":"a"}', 4))).rejects.toThrow(/ends before/);
    await expect(collect(pieces('{"agents":[]} {"x":1}', 4))).rejects.toThrow(/after the end/);
  });
});

describe('import:applyFile', () => {
  it('imports the same records as import:apply; applying the file again changes nothing', async () => {
    const a = await withWorkspace(false);
    harnesses.push(a.h);
    const text = JSON.stringify(doc, null, 1);
    const viaMemory = await a.h.call('import:apply', {
      workspaceId: a.workspaceId,
      fileName: 'org.json',
      contentBase64: Buffer.from(text).toString('base64'),
    });
    const b = await withWorkspace(false);
    harnesses.push(b.h);
    const file = fileOf(text);
    const viaFile = await b.h.call('import:applyFile', { workspaceId: b.workspaceId, path: file });
    expect(viaFile).toEqual(viaMemory);
    expect(viaFile.counts.grants.create).toBe(2);
    const again = await b.h.call('import:applyFile', { workspaceId: b.workspaceId, path: file });
    expect(again.counts.agents).toEqual({ create: 0, update: 0, unchanged: 2 });
    expect(again.counts.grants).toEqual({ create: 0, update: 0, unchanged: 2 });
  });

  it('refuses hostile or wrong files as the in-memory path does, and writes nothing', async () => {
    const { h, workspaceId } = await withWorkspace(false);
    harnesses.push(h);
    const cases: [string, RegExp][] = [
      ['{"agents":[{"name":"a","__proto__":{"x":1}}]}', /forbidden key/],
      ['{"format":"agent-readiness-workspace","tables":[]}', /full workspace export/],
      ['{"robots":[{"name":"a"}]}', /Unknown section "robots"/],
      ['{"agents":[{"name":"a"},"b"]}', /must be an object \(entry 1/],
      ['{"version":2,"agents":[{"name":"a"}]}', /version 1/],
      ['{"agents":[{"name":"a"}],"grants":[{"agent":"ghost","system":"s","environment":"Production"}]}', /problem/],
      ['{"agents":[{"name":"a"}', /ends before/],
    ];
    for (const [text, why] of cases) {
      const e = await h.fail('import:applyFile', { workspaceId, path: fileOf(text) });
      expect(e.message).toMatch(why);
    }
    const notUtf8 = fileOf('');
    writeFileSync(notUtf8, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
    expect((await h.fail('import:applyFile', { workspaceId, path: notUtf8 })).message).toMatch(/UTF-8/);
    expect((await h.fail('import:applyFile', { workspaceId, path: fileOf('{}', 'org.csv') })).message).toMatch(/\.json/);
    const inv = await h.call('inventory:overview', { workspaceId });
    expect(inv.agents).toHaveLength(0);
  });

  it('is refused outside the command line: the renderer and HTTP doors cannot name server paths', () => {
    for (const mode of ['desktop', 'browser'] as const)
      expect(() => importPath({ mode } as ServiceContext, '/etc/passwd.json')).toThrow(/only available from the command line/);
  });
});
